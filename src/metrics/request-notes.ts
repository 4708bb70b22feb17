/**
 * What the GraphQL pipeline learns about an HTTP request that the HTTP metrics (one Fastify onResponse hook)
 * label it with. Kept beside the request, not on it: neither Fastify's request nor our GraphQL context changes shape.
 */
export interface RequestNote {
  /** query, mutation, subscription: several in a batch. */
  readonly operationTypes: Set<string>;
  /** Some operation answered with errors (HTTP 200 all the same). */
  errors: boolean;
}

const byRequest = new WeakMap<object, RequestNote>();
const byContext = new WeakMap<object, RequestNote>();

/** The note of an HTTP request (Fastify's request object), made on first use. */
export function noteOfRequest(request: object): RequestNote {
  let note = byRequest.get(request);
  if (!note) {
    note = { operationTypes: new Set(), errors: false };
    byRequest.set(request, note);
  }
  return note;
}

/**
 * Ties a GraphQL context to its HTTP request (graphql-route.ts), so Apollo's plugin finds the request's note.
 * Keyed by the context's `request` object: Apollo hands plugins a shallow copy of the context, never the original.
 */
export function linkContext<T extends { request: object }>(context: T, request: object): T {
  byContext.set(context.request, noteOfRequest(request));
  return context;
}

export function noteOfContext(context: { request?: object } | undefined): RequestNote | undefined {
  return context?.request ? byContext.get(context.request) : undefined;
}

/** Only for requests that reached GraphQL. */
export function peekNote(request: object): RequestNote | undefined {
  return byRequest.get(request);
}
