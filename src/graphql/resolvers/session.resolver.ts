import { Arg, Args, Authorized, Ctx, ID, Int, Mutation, Query, Resolver } from 'type-graphql';
import type { Caller } from '../../auth/auth.service';
import { PERMISSIONS } from '../../auth/permissions';
import type { SessionService } from '../../sessions/session.service';
import type { UserStore } from '../../stores/user.store';
import type { RequestContext } from '../context.type';
import { RevokeUserSessionArgs, Session } from '../types/session.type';

/** @Authorized has run before these bodies, so a caller is present. */
const callerOf = (context: RequestContext): Caller => context.caller as Caller;

/** Where a user is signed in, and ending those sign-ins: one's own, and (sessions:*) anyone's. */
@Resolver(() => Session)
export class SessionResolver {
  constructor(
    private readonly sessions: SessionService,
    private readonly users: UserStore,
  ) {}

  @Authorized(PERMISSIONS.PROFILE_READ)
  @Query(() => [Session], { description: 'The caller\'s live sessions, newest first; `current` marks this one.' })
  async mySessions(@Ctx() context: RequestContext): Promise<Session[]> {
    const { user, token } = callerOf(context);
    return (await this.sessions.list(user)).map((session) => Session.from(session, token.sid));
  }

  @Authorized(PERMISSIONS.PROFILE_WRITE)
  @Mutation(() => Boolean, {
    description: 'Ends one of the caller\'s sessions: its tokens stop working at once. False (nothing changed) for an unknown or another user\'s id.',
  })
  revokeSession(@Ctx() context: RequestContext, @Arg('id', () => ID) id: string): Promise<boolean> {
    return this.sessions.endListed(callerOf(context).user, id, 'revoked_by_user', context.request);
  }

  @Authorized(PERMISSIONS.PROFILE_WRITE)
  @Mutation(() => Int, { description: 'Ends every session of the caller but this one; returns how many ended.' })
  revokeOtherSessions(@Ctx() context: RequestContext): Promise<number> {
    const { user, token } = callerOf(context);
    return this.sessions.endOthers(user, token.sid, 'other_sessions_revoked', context.request);
  }

  @Authorized(PERMISSIONS.SESSIONS_READ)
  @Query(() => [Session], { description: 'A user\'s live sessions, newest first; empty for an unknown user.' })
  async userSessions(@Ctx() context: RequestContext, @Arg('userId', () => ID) userId: string): Promise<Session[]> {
    const user = await this.users.findById(userId);
    if (!user) return [];
    return (await this.sessions.list(user)).map((session) => Session.from(session, callerOf(context).token.sid));
  }

  @Authorized(PERMISSIONS.SESSIONS_WRITE)
  @Mutation(() => Boolean, { description: 'Ends a session of the user. False (nothing changed) when the user has no such session.' })
  async revokeUserSession(@Ctx() context: RequestContext, @Args() { userId, sessionId }: RevokeUserSessionArgs): Promise<boolean> {
    const user = await this.users.findById(userId);
    if (!user) return false;
    return this.sessions.endListed(user, sessionId, 'revoked_by_admin', context.request);
  }
}
