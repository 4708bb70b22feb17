import { DuplicateEmailError } from '../stores/user.store';
import type { Stores } from '../stores/stores';

/** The store (or the rate-limit counters) did not answer: the request fails closed with SERVICE_UNAVAILABLE. */
export class StoreUnavailableError extends Error {
  constructor(override readonly cause: unknown) {
    super(`store unavailable: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'StoreUnavailableError';
  }
}

/** Errors a store throws on purpose, which the layers above translate themselves. */
const isDomainError = (error: unknown): boolean => error instanceof DuplicateEmailError;

function failClosed<T extends object>(store: T): T {
  return new Proxy(store, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          return await value.apply(target, args);
        } catch (error) {
          throw isDomainError(error) || error instanceof StoreUnavailableError ? error : new StoreUnavailableError(error);
        }
      };
    },
  });
}

/**
 * The same stores, but any unexpected failure becomes a StoreUnavailableError, which the API answers with
 * SERVICE_UNAVAILABLE (503) instead of INTERNAL_SERVER_ERROR; no token is ever issued past a failed read.
 */
export function withFailClosedStores(stores: Stores): Stores {
  return {
    ...stores,
    users: failClosed(stores.users),
    revokedTokens: failClosed(stores.revokedTokens),
    isHealthy: () => stores.isHealthy().catch(() => false),
  };
}
