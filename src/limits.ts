/**
 * Every limit the public endpoint enforces, in one place. README "Limits" lists the same numbers;
 * error messages quote them, so clients can see what they ran into.
 */
/** Page sizes accepted by every connection. */
export const MAX_PAGE_SIZE = 100;
export const DEFAULT_PAGE_SIZE = 20;

export const LIMITS = {
  /** Largest accepted request body in bytes (HTTP 413 beyond it). */
  maxBodyBytes: 64 * 1024,
  /** Largest GraphQL document in characters. */
  maxDocumentLength: 15_000,
  /** Nesting of objects and lists in `variables` (the schema's inputs nest 3 levels at most). */
  maxVariableDepth: 16,
  /** Lexical tokens per document (GraphQL Armor, enforced while parsing). */
  maxTokens: 1_000,
  /**
   * Selection depth. Armor's default is 6; Relay's `edges { node }` spends two levels per
   * connection, so 10 allows three nested connections written with edges. Fragments add no depth.
   */
  maxDepth: 10,
  /** Field selections once fragments are expanded (stops fragment bombs before validation). */
  maxSelections: 2_000,
  /** Aliases per operation. */
  maxAliases: 15,
  /** Directives per operation. */
  maxDirectives: 50,
  /** Requested cost of one operation (see `COST_MODEL`). */
  maxCost: 5_000,
  /** Nodes one operation may request: the sum of every connection's page size times its parents'. */
  maxNodes: 10_000,
  /** `first`/`last` on every connection. */
  maxPageSize: MAX_PAGE_SIZE,
  defaultPageSize: DEFAULT_PAGE_SIZE,
  /** IDs accepted by `nodes(ids:)`. */
  maxNodeIds: MAX_PAGE_SIZE,
  /** Wall-clock time a request may take — API-key check and execution included — before it ends with TIMEOUT. */
  executionTimeoutMs: 10_000,
} as const;

/**
 * Shopify-style cost: a scalar costs 0, an object 1, a connection 2 plus its page size times the
 * cost of one item; lists without paging are assumed to hold `listEstimate` items. Introspection
 * costs a flat amount: it stays open to everyone but is counted.
 */
export const COST_MODEL = {
  objectCost: 1,
  scalarCost: 0,
  connectionCost: 2,
  listEstimate: 10,
  introspectionCost: 100,
} as const;

/**
 * Leaky bucket per API key, or per client IP for anonymous callers: each operation takes its
 * requested cost up front and gets back the difference to its actual cost.
 */
export const RATE_LIMIT = {
  /** Points a bucket holds when full: also the most one burst can spend. */
  maximumAvailable: 10_000,
  /** Points restored per second. */
  restoreRate: 100,
  /** Buckets kept in memory by the in-process store (least recently used are dropped). */
  maxBuckets: 10_000,
} as const;
