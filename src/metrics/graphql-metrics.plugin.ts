import type { ApolloServerPlugin } from '@apollo/server';
import { type FragmentDefinitionNode, type GraphQLSchema, Kind, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';
import { ERROR_REASONS } from '../errors/error-codes';
import type { RequestContext } from '../graphql/context.type';
import { noteOfContext } from './request-notes';
import { authenticationFailures, graphqlOperations } from './metrics';

const META_FIELDS = new Set(['__typename', '__schema', '__type']);
/** Any name our schema does not define: one value, whatever a client sends. */
export const UNKNOWN_FIELD = 'unknown';

/**
 * Counts GraphQL work from Apollo's own request pipeline: root fields of our schema per operation (never the
 * client's operationName or aliases), authentication failures by reason, and what the HTTP metrics need
 * to know about the request (its operation types, whether it carried errors).
 */
export function graphqlMetricsPlugin(): ApolloServerPlugin<RequestContext> {
  return {
    // A bad Authorization header refuses the request before any operation is read.
    async contextCreationDidFail({ error }) {
      countAuthenticationFailure(error);
    },
    async requestDidStart() {
      return {
        async didResolveOperation({ operation, document, schema, contextValue }) {
          if (!operation) return;
          const type = operation.operation;
          noteOfContext(contextValue)?.operationTypes.add(type);
          const fragments = new Map<string, FragmentDefinitionNode>();
          for (const definition of document.definitions) {
            if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
          }
          for (const field of rootFields(operation, fragments, schema)) graphqlOperations.inc({ operation_type: type, field });
        },
        async didEncounterErrors({ errors, contextValue }) {
          const note = noteOfContext(contextValue);
          if (note) note.errors = true;
          for (const error of errors) countAuthenticationFailure(error);
        },
      };
    },
  };
}

function countAuthenticationFailure(error: unknown): void {
  const extensions = (error as { extensions?: { code?: unknown; reason?: unknown } } | null)?.extensions;
  if (extensions?.code !== 'UNAUTHENTICATED') return;
  const reason = typeof extensions.reason === 'string' && extensions.reason in ERROR_REASONS ? extensions.reason : 'other';
  authenticationFailures.inc({ reason });
}

/** The distinct root fields an operation selects, fragments expanded; a name outside the schema reads `unknown`. */
function rootFields(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>, schema: GraphQLSchema): Set<string> {
  const known = schema.getRootType(operation.operation)?.getFields() ?? {};
  const names = new Set<string>();
  const visited = new Set<string>();
  const walk = (selectionSet: SelectionSetNode): void => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) {
        const name = selection.name.value;
        names.add(Object.hasOwn(known, name) || META_FIELDS.has(name) ? name : UNKNOWN_FIELD);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        walk(selection.selectionSet);
      } else if (!visited.has(selection.name.value)) {
        visited.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) walk(fragment.selectionSet);
      }
    }
  };
  walk(operation.selectionSet);
  return names;
}
