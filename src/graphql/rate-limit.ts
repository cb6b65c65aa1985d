/**
 * The caller's point budget (GitHub's `rateLimit` convention): what this operation costs and what
 * is left, and with `dryRun: true` the price of an operation without running it. The numbers come
 * from the cost plugin (src/plugins/security/use-cost-limits.ts), which prices every operation before it runs.
 */
import type { RateLimitState } from '../context';
import { builder } from '../builder';

const RateLimit = builder.objectRef<RateLimitState>('RateLimit').implement({
  description:
    'The caller’s rate-limit budget: a leaky bucket of points per API key, or per client IP for anonymous callers. Every operation is charged its requested cost before it runs and refunded the difference to its actual cost after.',
  fields: (t) => ({
    cost: t.exposeInt('cost', {
      description: 'Requested cost of this operation in points: what it is charged before running (see README “Limits”).',
    }),
    nodeCount: t.exposeInt('nodeCount', { description: 'Nodes this operation requests across its connections and lists.' }),
    limit: t.exposeInt('limit', { description: 'Points the bucket holds when full.' }),
    remaining: t.exposeInt('remaining', {
      description: 'Points left once this operation’s cost is taken (a dry run takes nothing).',
    }),
    used: t.int({
      description: 'Points spent and not yet restored: `limit - remaining`.',
      resolve: (state) => state.limit - state.remaining,
    }),
    restoreRate: t.exposeInt('restoreRate', { description: 'Points restored per second.' }),
    resetAt: t.field({
      type: 'DateTime',
      description: 'When the bucket will be full again at the restore rate.',
      resolve: (state) => state.resetAt,
    }),
    dryRun: t.exposeBoolean('dryRun', { description: 'Whether the operation was only priced, not run.' }),
  }),
});

builder.queryField('rateLimit', (t) =>
  t.field({
    type: RateLimit,
    nullable: true,
    description:
      'Your rate-limit budget and the cost of this operation. With `dryRun: true` the operation is priced but not run: the response holds only `rateLimit`, and no points are taken. Null where no cost accounting runs.',
    args: {
      dryRun: t.arg.boolean({
        required: true,
        defaultValue: false,
        description: 'Price the whole operation without running its other fields, and take no points.',
      }),
    },
    resolve: (_root, _args, context) => context.rateLimit ?? null,
  }),
);
