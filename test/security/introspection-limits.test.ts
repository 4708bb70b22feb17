import { getIntrospectionQuery } from 'graphql';
import { errorOf } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';
import { SANDBOX_INTROSPECTION_OPTIONS, SANDBOX_INTROSPECTION_QUERY } from './support/sandbox-introspection-query';

// Introspection used to be left out of every query limit: 40 aliased __schema fields answered 776 KB.
const SCHEMA_TYPES = '__schema { types { name kind fields { name type { name kind ofType { name kind } } } } }';
const aliasedSchemas = (count: number) => `{ ${Array.from({ length: count }, (_, n) => `s${n}: ${SCHEMA_TYPES}`).join(' ')} }`;
const typeLookups = (names: string[]) => `{ ${names.map((name, n) => `t${n}: __type(name: "${name}") { name fields { name } }`).join(' ')} }`;
/** One __schema whose fragments each spread the next twice: 2^levels copies of `name`, in a short document. */
const introspectionBomb = (levels: number) =>
  `{ __schema { types { ...F0 } } } ${Array.from({ length: levels }, (_, i) => `fragment F${i} on __Type { ...F${i + 1} ...F${i + 1} }`).join(' ')} fragment F${levels} on __Type { name }`;

describe('introspection has a budget of its own', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server?.stop());

  const refused = async (query: string) => {
    const response = await server.gql(query);
    expect(response.status).toBe(400);
    expect(response.body.data).toBeUndefined();
    expect(response.body.errors?.every((error) => error.extensions.code === 'GRAPHQL_VALIDATION_FAILED')).toBe(true);
    return (response.body.errors ?? []).map((error) => error.message);
  };

  test('40 aliased __schema fields are refused before execution: too many roots, too many aliases', async () => {
    const response = await server.gql(aliasedSchemas(40));
    expect(JSON.stringify(response.body).length).toBeLessThan(2000);
    expect(await refused(aliasedSchemas(40))).toEqual(
      expect.arrayContaining([
        "The operation's number of __schema and __type fields is 40, over the limit of 2",
        "The operation's number of aliases is 40, over the limit of 15 (GRAPHQL_MAX_ALIASES)",
      ]),
    );
  });

  test('at most 2 __schema/__type fields per operation, aliased or not', async () => {
    const two = await server.gql(typeLookups(['User', 'AuthPayload']));
    expect(two.body.errors).toBeUndefined();
    expect(two.body.data?.t1.name).toBe('AuthPayload');
    expect(await refused(typeLookups(['User', 'AuthPayload', 'Query']))).toEqual([
      "The operation's number of __schema and __type fields is 3, over the limit of 2",
    ]);
    // Hidden behind fragments, they count all the same.
    expect(await refused(`{ ...Q ...Q2 } fragment Q on Query { a: __type(name: "User") { name } b: __type(name: "Query") { name } } fragment Q2 on Query { ... on Query { __schema { description } } }`)).toEqual([
      "The operation's number of __schema and __type fields is 3, over the limit of 2",
    ]);
  });

  test('fields inside introspection are counted against GRAPHQL_MAX_INTROSPECTION_FIELDS, fragments expanded', async () => {
    // 2^9 = 512 copies of `name`, plus __schema and types.
    expect(await refused(introspectionBomb(9))).toEqual([
      "The operation's number of introspection fields is 514, over the limit of 500 (GRAPHQL_MAX_INTROSPECTION_FIELDS)",
    ]);
    const within = await server.gql(introspectionBomb(8));
    expect(within.body.errors).toBeUndefined();
  });

  test("the full introspection query (Apollo Sandbox's: 229 fields, 15 deep) passes the defaults", async () => {
    expect(SANDBOX_INTROSPECTION_QUERY).toBe(getIntrospectionQuery(SANDBOX_INTROSPECTION_OPTIONS));
    const response = await server.gql(SANDBOX_INTROSPECTION_QUERY);
    expect(response.status).toBe(200);
    expect(response.body.errors).toBeUndefined();
    expect(response.body.data?.__schema.queryType.name).toBe('Query');
  });
});

describe('GRAPHQL_MAX_INTROSPECTION_FIELDS', () => {
  test('sets the cap; the ordinary field and depth limits do not apply inside introspection', async () => {
    const server = await startTestServer({ env: { GRAPHQL_MAX_INTROSPECTION_FIELDS: '228', GRAPHQL_MAX_FIELDS: '5', GRAPHQL_MAX_DEPTH: '2' } });
    try {
      const response = await server.gql(SANDBOX_INTROSPECTION_QUERY);
      expect(response.status).toBe(400);
      expect(errorOf(response).message).toBe(
        "The operation's number of introspection fields is 229, over the limit of 228 (GRAPHQL_MAX_INTROSPECTION_FIELDS)",
      );
      // Ordinary fields beside introspection still meet their own limit.
      const mixed = await server.gql('{ __schema { description } a: authSettings { accessTokenTtl } b: authSettings { accessTokenTtl } c: authSettings { accessTokenTtl } }');
      expect(errorOf(mixed).message).toBe("The operation's number of fields is 6, over the limit of 5 (GRAPHQL_MAX_FIELDS)");
    } finally {
      await server.stop();
    }
  });
});
