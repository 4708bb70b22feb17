import {
  GraphQLError,
  Kind,
  type ASTVisitor,
  type FragmentDefinitionNode,
  type SelectionSetNode,
  type ValidationContext,
} from 'graphql';

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxFields: number;
  /** Fields inside `__schema`/`__type`, which have a budget of their own. */
  maxIntrospectionFields: number;
}

/**
 * `__schema` and `__type` fields per operation. Sandbox and codegen ask for one; the same answer twice is
 * never needed, and 40 aliased copies of it made a 776 KB response.
 */
export const MAX_INTROSPECTION_ROOTS = 2;

interface Measure {
  /** Deepest path and number of fields outside introspection. */
  depth: number;
  fields: number;
  /** Aliases anywhere, introspection included. */
  aliases: number;
  introspectionRoots: number;
  /** Fields inside introspection roots, the roots included. */
  introspectionFields: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, fields: 0, introspectionRoots: 0, introspectionFields: 0 };
// Introspection has its own budget: Sandbox's full query is 15 deep and has 229 fields, over the ordinary limits.
const isIntrospection = (name: string): boolean => name === '__schema' || name === '__type';

/**
 * Measures a selection set with fragments expanded: the deepest path, and the aliases and fields it asks for.
 * Each fragment is measured once and reused, so a document of fragments spreading each other twice over
 * costs linear time to measure while its expansion, which execution would pay for, is counted in full.
 */
function measure(
  selectionSet: SelectionSetNode,
  fragments: ReadonlyMap<string, FragmentDefinitionNode>,
  memo: Map<string, Measure>,
  visiting: Set<string>,
): Measure {
  const total: Measure = { ...ZERO };
  for (const selection of selectionSet.selections) {
    let inner: Measure;
    if (selection.kind === Kind.FIELD) {
      const below = selection.selectionSet ? measure(selection.selectionSet, fragments, memo, visiting) : ZERO;
      const aliases = below.aliases + (selection.alias ? 1 : 0);
      inner = isIntrospection(selection.name.value)
        ? {
            depth: 0,
            fields: 0,
            aliases,
            introspectionRoots: below.introspectionRoots + 1,
            introspectionFields: below.introspectionFields + below.fields + 1,
          }
        : { ...below, depth: below.depth + 1, fields: below.fields + 1, aliases };
    } else if (selection.kind === Kind.INLINE_FRAGMENT) {
      inner = measure(selection.selectionSet, fragments, memo, visiting);
    } else {
      const name = selection.name.value;
      const fragment = fragments.get(name);
      // Unknown fragments and cycles are reported by graphql's own rules; they count as nothing here.
      if (!fragment || visiting.has(name)) continue;
      if (!memo.has(name)) {
        visiting.add(name);
        memo.set(name, measure(fragment.selectionSet, fragments, memo, visiting));
        visiting.delete(name);
      }
      inner = memo.get(name) as Measure;
    }
    total.depth = Math.max(total.depth, inner.depth);
    total.aliases += inner.aliases;
    total.fields += inner.fields;
    total.introspectionRoots += inner.introspectionRoots;
    total.introspectionFields += inner.introspectionFields;
  }
  return total;
}

const limitError = (what: string, actual: number, limit: number, variable: string): GraphQLError =>
  new GraphQLError(`The operation's ${what} is ${actual}, over the limit of ${limit} (${variable})`);

/** A validation rule: operations over a limit are refused before anything executes. */
export function queryLimitsRule(limits: QueryLimits) {
  return (context: ValidationContext): ASTVisitor => ({
    Document(document) {
      const fragments = new Map<string, FragmentDefinitionNode>();
      for (const definition of document.definitions) {
        if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
      }
      const memo = new Map<string, Measure>();
      for (const definition of document.definitions) {
        if (definition.kind !== Kind.OPERATION_DEFINITION) continue;
        const found = measure(definition.selectionSet, fragments, memo, new Set());
        if (found.depth > limits.maxDepth) context.reportError(limitError('depth', found.depth, limits.maxDepth, 'GRAPHQL_MAX_DEPTH'));
        if (found.aliases > limits.maxAliases) context.reportError(limitError('number of aliases', found.aliases, limits.maxAliases, 'GRAPHQL_MAX_ALIASES'));
        if (found.fields > limits.maxFields) context.reportError(limitError('number of fields', found.fields, limits.maxFields, 'GRAPHQL_MAX_FIELDS'));
        if (found.introspectionRoots > MAX_INTROSPECTION_ROOTS) {
          context.reportError(
            new GraphQLError(`The operation's number of __schema and __type fields is ${found.introspectionRoots}, over the limit of ${MAX_INTROSPECTION_ROOTS}`),
          );
        }
        if (found.introspectionFields > limits.maxIntrospectionFields) {
          context.reportError(
            limitError('number of introspection fields', found.introspectionFields, limits.maxIntrospectionFields, 'GRAPHQL_MAX_INTROSPECTION_FIELDS'),
          );
        }
      }
      return false;
    },
  });
}

/** graphql's parser stops at maxTokens with a terse message; this one names the setting. */
export function describeTokenLimit(message: string, maxTokens: number): string | undefined {
  return /Document contains more th(?:an|at) \d+ tokens/.test(message)
    ? `The document has more than ${maxTokens} tokens, the limit (GRAPHQL_MAX_TOKENS)`
    : undefined;
}
