import type { Plugin, PluginOptions } from './index';

export function cachingPlugins(_options: PluginOptions): Plugin[] {
  return [];
}
