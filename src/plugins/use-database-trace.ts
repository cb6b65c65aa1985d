import { currentDatabaseMeter } from '../db/meter';
import type { Plugin } from './index';

/**
 * Reports database statements and round trips of the current request when tracing is on. Added as
 * the result is sent, so a response served from the cache reports what it cost: nothing.
 */
export function useDatabaseTrace(): Plugin {
  return {
    onResultProcess({ result, setResult }) {
      const meter = currentDatabaseMeter();
      if (!meter || Array.isArray(result) || Symbol.asyncIterator in result) return;
      setResult({
        ...result,
        extensions: { ...result.extensions, db: { statements: meter.statements, roundTrips: meter.roundTrips } },
      });
    },
  };
}
