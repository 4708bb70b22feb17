import type { Stores } from '../stores/stores';
import { DuplicateEmailError, LastAdminError } from '../stores/user.store';
import { storeErrors, storeOperationDuration } from './metrics';

/** Answers a store gives on purpose (a taken email, the last admin): outcomes, not store errors. */
const isDomainError = (error: unknown): boolean => error instanceof DuplicateEmailError || error instanceof LastAdminError;

const isThenable = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

function timed<T extends object>(store: T, storeName: string): T {
  // One timed wrapper per method, made on first use: store calls are on every request's path.
  const wrappers = new Map<string, { method: unknown; timedMethod: unknown }>();
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrappers.get(property);
      if (known?.method === value) return known.timedMethod;
      // Method names come from our code, never from a request: a bounded label.
      const labels = { store: storeName, operation: property };
      const timedMethod = (...args: unknown[]) => {
        const stop = storeOperationDuration.startTimer(labels);
        const failed = (error: unknown): never => {
          if (!isDomainError(error)) storeErrors.inc(labels);
          throw error;
        };
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          stop();
          return failed(error);
        }
        if (!isThenable(result)) {
          stop();
          return result;
        }
        return result.then(
          (answer) => {
            stop();
            return answer;
          },
          (error: unknown) => {
            stop();
            return failed(error);
          },
        );
      };
      wrappers.set(property, { method: value, timedMethod });
      return timedMethod;
    },
  });
}

/**
 * The same stores, with every method call of every store timed and its failures counted, by store and
 * method. Wrapped once where the server takes the stores (http-server.ts), so a store added later is
 * measured too and no store implementation knows about metrics. The raw MongoDB handle is left alone.
 */
export function withTimedStores(stores: Stores): Stores {
  const wrapped: Record<string, unknown> = { ...stores };
  for (const [name, value] of Object.entries(stores)) {
    if (name !== 'mongo' && value && typeof value === 'object') wrapped[name] = timed(value, name);
  }
  return { ...(wrapped as unknown as Stores), isHealthy: () => stores.isHealthy(), close: () => stores.close() };
}
