import { DuplicateEmailError, LastAdminError } from '../stores/user.store';
import type { Stores } from '../stores/stores';

/** The store (or the rate-limit counters) did not answer: the request fails closed with SERVICE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

/** Errors a store throws on purpose, which the layers above translate themselves. */
const isDomainError = (error: unknown): boolean => error instanceof DuplicateEmailError || error instanceof LastAdminError;

const translate = (error: unknown): unknown =>
  isDomainError(error) || error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);

const isThenable = (value: unknown): value is Promise<unknown> =>
  typeof (value as { then?: unknown } | null)?.then === 'function';

function failClosed<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        let result: unknown;
        try {
          result = value.apply(target, args);
        } catch (error) {
          throw translate(error);
        }
        return isThenable(result) ? result.catch((error: unknown) => Promise.reject(translate(error))) : result;
      };
    },
  });
}

/**
 * The same stores, but any unexpected failure becomes a StoreUnavailableError, which the API answers with
 * SERVICE_UNAVAILABLE (503) instead of INTERNAL_SERVER_ERROR; no token is ever issued past a failed read.
 * Every store of the set is covered, including ones added later; the raw MongoDB handle is left alone.
 */
export function withFailClosedStores(stores: Stores): Stores {
  const wrapped: Record<string, unknown> = { ...stores };
  for (const [name, value] of Object.entries(stores)) {
    if (name !== 'mongo' && value && typeof value === 'object') wrapped[name] = failClosed(value);
  }
  return { ...(wrapped as unknown as Stores), isHealthy: () => stores.isHealthy().catch(() => false) };
}
