/**
 * The HTTP edge: body size, browser CSRF, CORS, GraphQL Armor's document limits, query cost,
 * node limit, cost-based rate limiting and an execution timeout. The numbers live in src/limits.ts.
 * One plugin per file; this composes them in the order they must run.
 */
import { LIMITS } from '../../limits';
import type { Plugin, PluginOptions } from '../index';
import { useArmor } from './use-armor';
import { useBodyLimit } from './use-body-limit';
import { useBrowserCSRFPrevention } from './use-browser-csrf-prevention';
import { useCostLimits, type CostLimitsOptions } from './use-cost-limits';
import { useExecutionTimeout } from './use-execution-timeout';
import { useGetParamsCheck } from './use-get-params-check';
import { useNoOriginalErrors } from './use-no-original-errors';
import { useParamsLimits } from './use-params-limits';
import { useSelectionLimit } from './use-selection-limit';

export interface SecurityOptions extends CostLimitsOptions {
  /** Origins browsers may call from, e.g. `https://partner.example`; `'*'` (the default) for any. */
  corsOrigins?: readonly string[] | '*';
  /** Overrides `LIMITS.executionTimeoutMs`. */
  executionTimeoutMs?: number;
}

export function securityPlugins(_options: PluginOptions, security: SecurityOptions = {}): Plugin[] {
  return [
    useBodyLimit(),
    useGetParamsCheck(),
    useBrowserCSRFPrevention(),
    useParamsLimits(),
    useNoOriginalErrors(),
    useSelectionLimit(),
    useArmor(),
    useExecutionTimeout(security.executionTimeoutMs ?? LIMITS.executionTimeoutMs),
    useCostLimits(security),
  ];
}
