/**
 * Who is asking, for the audit log. The context builder makes one per request and keeps it on the GraphQL
 * context (`context.request`); service methods that write audit lines take it as their last parameter.
 */
export interface RequestInfo {
  requestId: string | undefined;
  ip: string | undefined;
  userAgent: string | undefined;
  /** The signed-in user making the request, once the context builder has authenticated them. */
  actorId?: string;
}
