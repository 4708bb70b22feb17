import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { RequestContext } from '../graphql/context.type';
import { reserveChangePasswordAttempt, type SettleAttempt } from './change-password-budget';
import { clientAddressKey } from './client-address';
import { emailKey, type RateLimits } from './rate-limits';

type Args = { input?: { email?: unknown } };
type Resolver = GraphQLFieldResolver<unknown, RequestContext, Args>;

const ipOf = (context: RequestContext): string => clientAddressKey(context.ip);
const emailOf = (args: Args): string => emailKey(String(args.input?.email ?? ''));

/**
 * What each limited mutation spends before it runs. Every resolver call counts, so aliases and batched
 * operations each spend an attempt: a thousand logins in one document hit the limit like a thousand requests.
 * A guard may return a settle function, told the resolver's outcome, to give back what did not count.
 */
const GUARDS: Record<string, (limits: RateLimits, args: Args, context: RequestContext) => Promise<void | SettleAttempt>> = {
  login: async (limits, args, context) => {
    await limits.consume('loginPerIp', ipOf(context));
    await limits.consume('loginPerEmail', emailOf(args));
  },
  register: async (limits, args, context) => {
    await limits.consume('registerPerIp', ipOf(context));
    await limits.consume('registerPerEmail', emailOf(args));
  },
  refresh: (limits, _args, context) => limits.consume('refreshPerIp', ipOf(context)),
  // Anonymous callers are refused by @Authorized inside the resolver; a wrong current password is the brute-force vector.
  changePassword: async (limits, _args, context) =>
    context.caller ? reserveChangePasswordAttempt(limits, context.caller) : undefined,
};

/** Wraps the limited mutations of the schema in their rate limits (the schema is built per server). */
export function applyRateLimits(schema: GraphQLSchema, limits: RateLimits): GraphQLSchema {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const [name, guard] of Object.entries(GUARDS)) {
    const field = fields[name];
    if (!field?.resolve) throw new Error(`rate limits: the schema has no mutation ${name}`);
    const resolve = field.resolve as Resolver;
    field.resolve = (async (source, args, context, info) => {
      const settle = await guard(limits, args, context);
      let result: unknown;
      try {
        result = await resolve(source, args, context, info);
      } catch (error) {
        await settle?.(error);
        throw error;
      }
      await settle?.(undefined);
      // The account's owner got in: their earlier typos no longer count against the email. The per-IP
      // counter is never reset, or an attacker could clear it by logging into an account of their own.
      if (name === 'login') await limits.reset('loginPerEmail', emailOf(args));
      return result;
    }) as Resolver;
  }
  return schema;
}
