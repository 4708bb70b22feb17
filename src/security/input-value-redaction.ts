import {
  GraphQLError,
  Kind,
  parse,
  print,
  visit,
  type ASTNode,
  type Source,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';
import { isSecretInputName } from './secret-fields';

/**
 * graphql-js quotes the offending value in its input errors: `Variable "$i" got invalid value { email: "…",
 * password: "…" }`, `String cannot represent a non string value: …`, `Expected Name, found String "…"`.
 * A value that may be a secret is replaced by REDACTED before the error reaches the client. "May be": given to
 * a secret input (secret-fields.ts) or to something inside one, an object or a list (whose keys may be a
 * misspelt secret name), or a value where an input object was expected.
 */
export const REDACTED = '[redacted]';

const BUILT_IN_SCALARS = new Set(['String', 'Int', 'Float', 'Boolean', 'ID']);
const VALUE_KINDS = new Set<string>([Kind.STRING, Kind.INT, Kind.FLOAT, Kind.BOOLEAN, Kind.NULL, Kind.ENUM, Kind.LIST, Kind.OBJECT]);

/** The message with every possibly secret value replaced, or the message as it was. */
export function redactInputValues(message: string, error: unknown): string {
  if (message.startsWith('Syntax Error:')) return withoutTokenValue(message);
  if (!(error instanceof GraphQLError) || error.nodes?.length !== 1) return message;
  const [node] = error.nodes;
  if (node.kind === Kind.VARIABLE_DEFINITION) return redactVariableError(message, node, error);
  if (VALUE_KINDS.has(node.kind)) return redactLiteralError(message, node as ValueNode, error.source);
  return message;
}

/** A syntax error names the unexpected token with its value: a string there may be a password typed in the query. */
function withoutTokenValue(message: string): string {
  return message.replace(/\b(String|BlockString|Int|Float) "[\s\S]*"\.$/, '$1.');
}

/** `Variable "$i" got invalid value V[ at "i.path"]; reason`, the reason often quoting V again. */
function redactVariableError(message: string, definition: VariableDefinitionNode, error: GraphQLError): string {
  const name = definition.variable.name.value;
  const prefix = `Variable "$${name}" got invalid value `;
  if (!message.startsWith(prefix)) return message;
  const reason = error.originalError?.message;
  const body = reason !== undefined && message.endsWith(`; ${reason}`) ? message.slice(prefix.length, -(reason.length + 2)) : undefined;
  // Not the shape expected: repeat nothing of it.
  if (body === undefined) return `${prefix}${REDACTED}`;

  const at = new RegExp(` at "${name}((?:\\.[_A-Za-z][_0-9A-Za-z]*|\\[\\d+\\])*)"$`).exec(body);
  const value = at ? body.slice(0, at.index) : body;
  // Field names along the path; list indices are left out, so none means the value stands where the
  // variable's own named type is expected (`$i: LoginInput` or `$l: [LoginInput]` given a string).
  const pathFields = at ? (at[1].match(/[_A-Za-z][_0-9A-Za-z]*/g) ?? []) : [];
  const positions = secretPositionsOf(error.source);
  const secret =
    positions === undefined ||
    positions.variables.has(name) ||
    pathFields.some(isSecretInputName) ||
    /^[{[]/.test(value) ||
    (pathFields.length === 0 && !BUILT_IN_SCALARS.has(namedType(definition)));
  if (!secret) return message;
  return `${prefix}${REDACTED}${at ? at[0] : ''}; ${withoutValue(reason as string, value)}`;
}

/** A literal in the document that does not fit its type: graphql prints the literal in the message. */
function redactLiteralError(message: string, node: ValueNode, source: Source | undefined): string {
  const positions = secretPositionsOf(source);
  const expected = /^Expected value of type "\[*([_A-Za-z][_0-9A-Za-z]*)/.exec(message)?.[1];
  const secret =
    positions === undefined ||
    node.kind === Kind.LIST ||
    node.kind === Kind.OBJECT ||
    (expected !== undefined && !BUILT_IN_SCALARS.has(expected)) ||
    (node.loc !== undefined && positions.ranges.some(([start, end]) => node.loc!.start < end && start < node.loc!.end));
  if (!secret) return message;
  return withoutValue(message, print(node));
}

/**
 * graphql puts the value after "found " and after the first ": " of its scalar messages; a custom scalar may
 * repeat it elsewhere, so any remaining copy goes too (copies of a short, unquoted value are left: `5` would
 * take every 5 of the message with it).
 */
function withoutValue(text: string, value: string): string {
  const result = text.split(`found ${value}`).join(`found ${REDACTED}`).replace(/: [\s\S]*$/, `: ${REDACTED}`);
  return value.length >= 3 ? result.split(value).join(REDACTED) : result;
}

function namedType(definition: VariableDefinitionNode): string {
  let type = definition.type;
  while (type.kind !== Kind.NAMED_TYPE) type = type.type;
  return type.name.value;
}

interface SecretPositions {
  /** Character ranges of the values given to secret arguments and input fields. */
  ranges: Array<[number, number]>;
  /** Variables used anywhere inside those values. */
  variables: Set<string>;
}

// Apollo reuses a parsed document (and so its Source) for every request with the same text.
const positionsBySource = new WeakMap<Source, SecretPositions | undefined>();

/** Where the document gives values to secret inputs; undefined when it cannot be told (everything is then secret). */
function secretPositionsOf(source: Source | undefined): SecretPositions | undefined {
  if (!source) return undefined;
  if (positionsBySource.has(source)) return positionsBySource.get(source);
  let positions: SecretPositions | undefined;
  try {
    positions = findSecretPositions(parse(source));
  } catch {
    positions = undefined;
  }
  positionsBySource.set(source, positions);
  return positions;
}

function findSecretPositions(document: ASTNode): SecretPositions {
  const positions: SecretPositions = { ranges: [], variables: new Set() };
  const collect = (node: { name: { value: string }; value: ValueNode }) => {
    if (!isSecretInputName(node.name.value) || !node.value.loc) return;
    positions.ranges.push([node.value.loc.start, node.value.loc.end]);
    visit(node.value, { Variable: (variable) => void positions.variables.add(variable.name.value) });
  };
  visit(document, { Argument: collect, ObjectField: collect });
  return positions;
}
