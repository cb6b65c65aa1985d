/**
 * Each property runs a fixed number of times from a fixed seed, so `npm test` checks the same
 * inputs every time and a failure reproduces. `PROPERTY_SEED=<n>` shifts every property's seed to
 * explore other inputs, and `PROPERTY_RUNS_FACTOR=<k>` multiplies the runs; a failure prints the
 * seed and path that replay it. A property whose runs share a database (a sequence of writes)
 * replays only from its whole seed, on a fresh database: the path alone starts from another state.
 */
export function propertyRuns(numRuns: number, seed: number): { numRuns: number; seed: number } {
  const factor = Number(process.env.PROPERTY_RUNS_FACTOR ?? 1);
  const shift = Number(process.env.PROPERTY_SEED ?? 0);
  return {
    numRuns: Math.max(1, Math.round(numRuns * (Number.isFinite(factor) && factor > 0 ? factor : 1))),
    seed: seed + (Number.isSafeInteger(shift) ? shift : 0),
  };
}
