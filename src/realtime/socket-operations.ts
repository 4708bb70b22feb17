import {
  GraphQLError,
  getOperationAST,
  NoSchemaIntrospectionCustomRule,
  parse,
  specifiedRules,
  validate,
  type DocumentNode,
  type GraphQLSchema,
  type ValidationRule,
} from 'graphql';
import { apiError } from '../errors/api-errors';
import type { ErrorCode } from '../errors/error-codes';
import { queryLimitsRule, type QueryLimits } from '../security/query-limits';

export interface SocketOperationRules {
  schema: GraphQLSchema;
  introspection: boolean;
  queryLimits: QueryLimits & { maxTokens: number };
}

export interface SocketOperation {
  document: DocumentNode;
  operationName: string | undefined;
  variableValues: Record<string, unknown> | undefined;
}

export interface SubscribePayload {
  query: string;
  operationName?: string | null;
  variables?: Record<string, unknown> | null;
}

/**
 * The checks Apollo makes before running an HTTP operation, made for a `subscribe` message: the parser's token
 * limit, the schema's rules, the query limits and, without introspection, no `__schema`/`__type`. Then the one
 * rule of its own: only subscriptions run over the socket. Errors carry the codes Apollo gives over HTTP.
 */
export function socketOperationChecker({ schema, introspection, queryLimits }: SocketOperationRules) {
  const rules: ValidationRule[] = [...specifiedRules, queryLimitsRule(queryLimits)];
  if (!introspection) rules.push(NoSchemaIntrospectionCustomRule);
  return (payload: SubscribePayload): SocketOperation | readonly GraphQLError[] => {
    if (typeof payload.query !== 'string') return [apiError('BAD_REQUEST', 'A subscribe message needs a query string')];
    let document: DocumentNode;
    try {
      document = parse(payload.query, { maxTokens: queryLimits.maxTokens });
    } catch (error) {
      return [withCode(error, 'GRAPHQL_PARSE_FAILED')];
    }
    const invalid = validate(schema, document, rules);
    if (invalid.length > 0) return invalid.map((error) => withCode(error, 'GRAPHQL_VALIDATION_FAILED'));
    const operationName = payload.operationName ?? undefined;
    const operation = getOperationAST(document, operationName);
    if (!operation) return [apiError('BAD_REQUEST', 'Unable to identify the operation: name it with operationName')];
    if (operation.operation !== 'subscription') {
      return [apiError('BAD_REQUEST', `Only subscriptions run over WebSocket; send a ${operation.operation} over HTTP`)];
    }
    return { document, operationName, variableValues: payload.variables ?? undefined };
  };
}

/** The error with an `extensions.code`, as Apollo labels parse, validation and variable failures. */
export function withCode(error: unknown, code: ErrorCode): GraphQLError {
  if (!(error instanceof GraphQLError)) return apiError(code, 'The document could not be read');
  return new GraphQLError(error.message, {
    nodes: error.nodes,
    source: error.source,
    positions: error.positions,
    extensions: { ...error.extensions, code },
  });
}

/** Too many subscriptions on one socket: an `error` message for that subscription id, the others run on. */
export const tooManySubscriptions = (limit: number): GraphQLError =>
  apiError('TOO_MANY_REQUESTS', `At most ${limit} subscriptions run on one connection (WS_MAX_SUBSCRIPTIONS_PER_CONNECTION)`);
