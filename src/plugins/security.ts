import type { Plugin, PluginOptions } from './index';

export function securityPlugins(_options: PluginOptions): Plugin[] {
  return [];
}
