/**
 * Counts database statements and round trips per request, so that `GRAPHQL_TRACE=1` can report
 * them and tests can assert on them. The counter lives in AsyncLocalStorage, so concurrent
 * requests sharing one client never mix their counts.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Client } from '@libsql/client';

export interface DatabaseMeter {
  statements: number;
  roundTrips: number;
}

const storage = new AsyncLocalStorage<DatabaseMeter>();

/** Runs `work` with a fresh meter and hands the meter to it. */
export function withDatabaseMeter<T>(work: (meter: DatabaseMeter) => T): T {
  const meter: DatabaseMeter = { statements: 0, roundTrips: 0 };
  return storage.run(meter, () => work(meter));
}

export function currentDatabaseMeter(): DatabaseMeter | undefined {
  return storage.getStore();
}

/** Wraps a libSQL client so that every call is counted against the current request. */
export function meterClient<C extends Pick<Client, 'execute' | 'batch'>>(client: C): C {
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === 'execute' && typeof value === 'function') {
        return (...args: unknown[]) => {
          const meter = storage.getStore();
          if (meter) {
            meter.statements += 1;
            meter.roundTrips += 1;
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      if (property === 'batch' && typeof value === 'function') {
        return (...args: unknown[]) => {
          const meter = storage.getStore();
          if (meter) {
            meter.statements += Array.isArray(args[0]) ? args[0].length : 1;
            meter.roundTrips += 1;
          }
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      }
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
