import type { GraphQLFieldResolver, GraphQLSchema } from 'graphql';
import type { KnownDevices } from '../devices/known-devices';
import { isEmailTaken, isMfaRequired } from '../errors/api-errors';
import type { RequestContext } from '../graphql/context.type';
import { reserveChangePasswordAttempt } from './change-password-budget';
import { clientAddressKey } from './client-address';
import { emailKey, type RateLimits } from './rate-limits';

type Args = { input?: { email?: unknown; deviceToken?: unknown }; email?: unknown };
type Resolver = GraphQLFieldResolver<unknown, RequestContext, Args>;

const ipOf = (context: RequestContext): string => clientAddressKey(context.request.ip);
const emailOf = (args: Args): string => emailKey(String(args.input?.email ?? ''));
/** The mutations that take the address as a top-level argument (requestPasswordReset, sendVerificationEmail). */
const emailArgOf = (args: Args): string => emailKey(String(args.email ?? ''));

/** What a guard does once the mutation has run: after a success, or with the error it failed with. */
interface Aftermath {
  succeeded?: () => Promise<void>;
  failed?: (error: unknown) => Promise<void>;
}
type Guard = (limits: RateLimits, args: Args, context: RequestContext, devices: KnownDevices) => Promise<void | Aftermath>;

/**
 * What each limited mutation spends before it runs. Every resolver call counts, so aliases and batched
 * operations each spend an attempt: a thousand logins in one document hit the limit like a thousand requests.
 */
const GUARDS: Record<string, Guard> = {
  login: async (limits, args, context, devices) => {
    // Everyone, known device or not: one IP cannot try passwords faster than this.
    await limits.consume('loginPerIp', ipOf(context), context.request);
    // A device that logged into this account before spends its own budget, which strangers guessing
    // passwords for the email cannot touch: they can no longer lock the owner out (OWASP device cookies).
    const device = await knownDevice(devices, args, context);
    if (device) {
      await limits.consume('loginPerDevice', device, context.request);
      const reset = () => limits.reset('loginPerDevice', device);
      // MFA_REQUIRED: the password was right, as in a success (wrong codes have their own budget).
      return { succeeded: reset, failed: async (error) => (isMfaRequired(error) ? reset() : undefined) };
    }
    await limits.consume('loginPerEmail', emailOf(args), context.request);
    // The account's owner got in: their earlier typos no longer count against the email. The per-IP
    // counter is never reset, or an attacker could clear it by logging into an account of their own.
    // A known device's login leaves the email's counter alone: it was not spent, and resetting it would
    // hand whoever is guessing a fresh budget each time the owner logs in.
    const reset = () => limits.reset('loginPerEmail', emailOf(args));
    return { succeeded: reset, failed: async (error) => (isMfaRequired(error) ? reset() : undefined) };
  },
  register: async (limits, args, context) => {
    await limits.consume('registerPerIp', ipOf(context), context.request);
    // Per email, only refusals because the address is taken count: junk registrations of a free address
    // (a weak password, a bad name) cannot stop its owner from registering it.
    await limits.check('registerPerEmail', emailOf(args), context.request);
    return {
      failed: async (error) => {
        if (isEmailTaken(error)) await limits.penalize('registerPerEmail', emailOf(args));
      },
    };
  },
  refresh: (limits, _args, context) => limits.consume('refreshPerIp', ipOf(context), context.request),
  // Anonymous callers are refused by @Authorized inside the resolver; a wrong current password is the brute-force vector.
  changePassword: async (limits, _args, context) =>
    context.caller ? reserveChangePasswordAttempt(limits, context.caller, context.request) : undefined,
  // Mail to an address: counted whether it has an account or not, so the limit tells nothing about it.
  requestPasswordReset: async (limits, args, context) => {
    await limits.consume('passwordResetPerIp', ipOf(context), context.request);
    await limits.consume('passwordResetPerEmail', emailArgOf(args), context.request);
  },
  sendVerificationEmail: async (limits, args, context) => {
    await limits.consume('verificationEmailPerIp', ipOf(context), context.request);
    await limits.consume('verificationEmailPerEmail', emailArgOf(args), context.request);
  },
  // Guesses the current password like changePassword (same budget), and mails a chosen address: a cap per user.
  requestEmailChange: async (limits, _args, context) => {
    if (!context.caller) return undefined;
    await limits.consume('emailChangePerUser', context.caller.user.id, context.request);
    return reserveChangePasswordAttempt(limits, context.caller, context.request);
  },
};

/**
 * The device a login comes from, when it presents a device token valid for the account: the argument first,
 * then (browser mode) the cookie, so a stale argument cannot hide a good cookie.
 */
async function knownDevice(devices: KnownDevices, args: Args, context: RequestContext): Promise<string | undefined> {
  const email = args.input?.email;
  const fromArgument = await devices.recognise(email, args.input?.deviceToken);
  const cookie = context.deviceCookie?.read();
  if (fromArgument || cookie === undefined || cookie === args.input?.deviceToken) return fromArgument;
  return devices.recognise(email, cookie);
}

/** Wraps the limited mutations of the schema in their rate limits (the schema is built per server). */
export function applyRateLimits(schema: GraphQLSchema, limits: RateLimits, devices: KnownDevices): GraphQLSchema {
  const fields = schema.getMutationType()?.getFields() ?? {};
  for (const [name, guard] of Object.entries(GUARDS)) {
    const field = fields[name];
    if (!field?.resolve) throw new Error(`rate limits: the schema has no mutation ${name}`);
    const resolve = field.resolve as Resolver;
    field.resolve = (async (source, args, context, info) => {
      const after = (await guard(limits, args, context, devices)) ?? {};
      let result: unknown;
      try {
        result = await resolve(source, args, context, info);
      } catch (error) {
        await after.failed?.(error);
        throw error;
      }
      await after.succeeded?.();
      return result;
    }) as Resolver;
  }
  return schema;
}
