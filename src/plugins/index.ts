/**
 * Cross-cutting server plugins, grouped by concern. Each group is built once with the app.
 */
import type { Plugin } from 'graphql-yoga';
import type { Database } from '../db/client';

export interface PluginOptions {
  db: Database;
  trace: boolean;
}
export type { Plugin };
