import 'reflect-metadata';
import { graphql, graphqlSync, type GraphQLSchema } from 'graphql';
import { Authorized, buildSchemaSync, Field, Int, ObjectType, Query, Resolver, UseMiddleware, type MiddlewareFn } from 'type-graphql';
import type { Caller } from '../../src/auth/auth.service';
import type { RequestContext } from '../../src/graphql/context.type';
import { createSchema, type SchemaServices } from '../../src/graphql/schema';

// patches/type-graphql+2.0.0-rc.4.patch (applied by `npm ci`) makes @Authorized synchronous when the
// auth checker is, so `me` costs no promise per request. graphqlSync throws if execution goes async.

const caller = (roles: string[]): Caller =>
  ({
    user: {
      id: '0123456789abcdef01234567',
      email: 'ada@example.com',
      name: 'Ada',
      roles,
      tokenVersion: 0,
      passwordHash: 'never read here',
      createdAt: new Date('2026-01-02T03:04:05.000Z'),
    },
    token: {},
  }) as unknown as Caller;

const contextOf = (who: Caller | null): RequestContext => ({
  caller: who, request: { requestId: 'r', ip: undefined, userAgent: undefined },
});

describe('@Authorized on the real schema', () => {
  let schema: GraphQLSchema;
  beforeAll(async () => {
    // Only fields refused before their resolver runs, and `me`, are executed: the services are never called.
    schema = await createSchema({ auth: {}, users: {}, settings: {} } as unknown as SchemaServices);
  });

  test('`me` for a signed-in caller completes synchronously', () => {
    const result = graphqlSync({ schema, source: '{ me { id email roles createdAt } }', contextValue: contextOf(caller(['USER'])) });
    expect(result.errors).toBeUndefined();
    expect(result.data).toEqual({
      me: { id: '0123456789abcdef01234567', email: 'ada@example.com', roles: ['USER'], createdAt: '2026-01-02T03:04:05.000Z' },
    });
  });

  test('an anonymous `me` is refused with UNAUTHENTICATED', () => {
    const result = graphqlSync({ schema, source: '{ me { id } }', contextValue: contextOf(null) });
    expect(result.data).toBeNull();
    expect(result.errors?.map((error) => error.extensions.code)).toEqual(['UNAUTHENTICATED']);
  });

  test('a USER asking for an ADMIN field is refused with FORBIDDEN before the resolver runs', () => {
    const result = graphqlSync({ schema, source: '{ users { id } }', contextValue: contextOf(caller(['USER'])) });
    expect(result.errors?.map((error) => error.extensions.code)).toEqual(['FORBIDDEN']);
  });
});

describe('the patched type-graphql keeps its other paths', () => {
  const order: string[] = [];
  const recordAround: MiddlewareFn = async (_data, next) => {
    order.push('before');
    const value = await next();
    order.push('after');
    return value;
  };

  @ObjectType()
  class Row {
    @Authorized()
    @Field(() => Int)
    n!: number;
  }

  @Resolver()
  class ProbeResolver {
    @Query(() => [Row])
    rows(): Row[] {
      return Array.from({ length: 20_000 }, (_, n) => Object.assign(new Row(), { n }));
    }

    @Authorized('ADMIN')
    @Query(() => String)
    secret(): string {
      return 'granted';
    }

    @Authorized()
    @UseMiddleware(recordAround)
    @Query(() => String)
    wrapped(): string {
      order.push('resolver');
      return 'through middleware';
    }
  }

  const schemaWith = (authChecker: () => boolean | Promise<boolean>) =>
    buildSchemaSync({ resolvers: [ProbeResolver], authChecker, validate: false });

  test('an async auth checker still grants and refuses', async () => {
    const granting = schemaWith(async () => true);
    await expect(graphql({ schema: granting, source: '{ secret }' })).resolves.toEqual({ data: { secret: 'granted' } });
    const refusing = schemaWith(async () => false);
    const refused = await graphql({ schema: refusing, source: '{ secret }' });
    expect(refused.data).toBeNull();
    expect(refused.errors?.[0].message).toMatch(/Access denied/);
  });

  test('a synchronous refusal from the checker is an error on the field, not a crash', () => {
    const refusing = schemaWith(() => false);
    const refused = graphqlSync({ schema: refusing, source: '{ secret }' });
    expect(refused.errors?.[0].path).toEqual(['secret']);
  });

  test('a list of 20,000 objects, each with an @Authorized field, resolves synchronously without exhausting the stack', () => {
    const granted = schemaWith(() => true);
    const result = graphqlSync({ schema: granted, source: '{ rows { n } }' });
    expect(result.errors).toBeUndefined();
    const rows = (result.data as { rows: Array<{ n: number }> }).rows;
    expect(rows).toHaveLength(20_000);
    expect(rows[19_999]).toEqual({ n: 19_999 });
    const refused = graphqlSync({ schema: schemaWith(() => false), source: '{ rows { n } }' });
    expect(refused.errors).toHaveLength(1); // n is non-null: the first refusal nulls the whole list
  });

  test('an async middleware after @Authorized runs around the resolver, in order', async () => {
    const granting = schemaWith(() => true);
    order.length = 0;
    await expect(graphql({ schema: granting, source: '{ wrapped }' })).resolves.toEqual({ data: { wrapped: 'through middleware' } });
    expect(order).toEqual(['before', 'resolver', 'after']);
  });
});
