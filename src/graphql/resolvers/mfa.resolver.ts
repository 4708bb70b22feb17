import { Arg, Args, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Caller } from '../../auth/auth.service';
import type { MfaLoginService } from '../../mfa/mfa-login.service';
import type { TotpEnrollmentService } from '../../mfa/totp-enrollment.service';
import type { RequestContext } from '../context.type';
import { AuthPayload } from '../types/auth-payload.type';
import { CompleteMfaLoginArgs } from '../types/mfa.args';
import { TotpEnrollment } from '../types/mfa.types';
import { payloadOf } from './auth.resolver';

/** @Authorized() has run before these bodies, so a caller is present. */
const callerOf = (context: RequestContext): Caller => context.caller as Caller;

@Resolver()
export class MfaResolver {
  constructor(
    private readonly enrollment: TotpEnrollmentService,
    private readonly mfaLogin: MfaLoginService,
  ) {}

  @Authorized()
  @Mutation(() => TotpEnrollment, { description: 'Starts (or restarts) a TOTP enrollment; 2FA is on once confirmTotpEnrollment succeeds. Ends the other sessions.' })
  async beginTotpEnrollment(@Ctx() context: RequestContext): Promise<TotpEnrollment> {
    return TotpEnrollment.from(await this.enrollment.begin(callerOf(context), context.request));
  }

  @Authorized()
  @Mutation(() => [String], { description: 'Turns 2FA on with the first code from the app; returns 10 one-time recovery codes, shown only this once. Ends the other sessions.' })
  async confirmTotpEnrollment(@Ctx() context: RequestContext, @Arg('code') code: string): Promise<string[]> {
    return this.enrollment.confirm(callerOf(context), code, context.request);
  }

  @Authorized()
  @Mutation(() => [String], { description: 'Replaces every recovery code with 10 new ones, given a TOTP code or a recovery code.' })
  async regenerateRecoveryCodes(@Ctx() context: RequestContext, @Arg('code') code: string): Promise<string[]> {
    return this.enrollment.regenerateRecoveryCodes(callerOf(context), code, context.request);
  }

  @Authorized()
  @Mutation(() => Boolean, { description: 'Turns 2FA off, given a current TOTP code or a recovery code. Ends the other sessions.' })
  async disableTotp(@Ctx() context: RequestContext, @Arg('code') code: string): Promise<boolean> {
    await this.enrollment.disable(callerOf(context), code, context.request);
    return true;
  }

  @Authorized()
  @Mutation(() => AuthPayload, { description: 'Step-up: a new pair for this session whose amr includes "otp", given a TOTP code or a recovery code.' })
  async verifyMfa(@Ctx() context: RequestContext, @Arg('code') code: string): Promise<AuthPayload> {
    return payloadOf(await this.mfaLogin.verify(callerOf(context), code, context.request), context);
  }

  @Mutation(() => AuthPayload, { description: "The second step of a login with 2FA: login's extensions.mfaToken and a TOTP code or a recovery code." })
  async completeMfaLogin(@Ctx() context: RequestContext, @Args() { mfaToken, code, rememberMe }: CompleteMfaLoginArgs): Promise<AuthPayload> {
    return payloadOf(await this.mfaLogin.completeLogin(mfaToken, code, rememberMe, context.request), context);
  }
}
