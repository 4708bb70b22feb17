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
}

interface Measure {
  depth: number;
  aliases: number;
  fields: number;
}

const ZERO: Measure = { depth: 0, aliases: 0, fields: 0 };
// Introspection is switched on or off as a whole (GRAPHQL_INTROSPECTION); Sandbox's own query is deep.
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
      if (isIntrospection(selection.name.value)) continue;
      const below = selection.selectionSet ? measure(selection.selectionSet, fragments, memo, visiting) : ZERO;
      inner = { depth: below.depth + 1, aliases: below.aliases + (selection.alias ? 1 : 0), fields: below.fields + 1 };
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
