import type { Plugin, PluginOptions } from './index';

export function observabilityPlugins(_options: PluginOptions): Plugin[] {
  return [];
}
