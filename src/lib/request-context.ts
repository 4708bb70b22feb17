import { AsyncLocalStorage } from 'node:async_hooks';

/** Who is asking, for the audit log: carried through every await of a request without threading it by hand. */
export interface RequestInfo {
  requestId: string | undefined;
  ip: string | undefined;
  userAgent: string | undefined;
  /** The signed-in user making the request, once known (see attachActor). */
  actorId?: string;
}

const storage = new AsyncLocalStorage<RequestInfo>();

/** The current request, or undefined outside one (start-up, scripts). */
export const currentRequest = (): RequestInfo | undefined => storage.getStore();

export function runInRequest<T>(info: RequestInfo, work: () => T): T {
  return storage.run(info, work);
}

/** Records the authenticated user of the current request, so audit lines can say who acted. */
export function attachActor(userId: string): void {
  const info = storage.getStore();
  if (info) info.actorId = userId;
}
