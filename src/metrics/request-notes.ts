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

/** Ties a GraphQL context to its HTTP request (graphql-route.ts), so Apollo's plugin finds the request's note. */
export function linkContext<T extends object>(context: T, request: object): T {
  byContext.set(context, noteOfRequest(request));
  return context;
}

export function noteOfContext(context: object): RequestNote | undefined {
  return byContext.get(context);
}

/** Only for requests that reached GraphQL. */
export function peekNote(request: object): RequestNote | undefined {
  return byRequest.get(request);
}
