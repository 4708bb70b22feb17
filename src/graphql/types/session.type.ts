import { ArgsType, Field, ID, ObjectType } from 'type-graphql';
import type { SessionRecord } from '../../stores/session.store';

@ObjectType({ description: 'A sign-in: the refresh-token family that follows from one login, on one device.' })
export class Session {
  @Field(() => ID, { description: 'The `sid` claim of its tokens.' })
  id!: string;

  @Field({ description: 'True for the session of the access token that asked.' })
  current!: boolean;

  @Field({ description: 'When the user signed in.' })
  createdAt!: Date;

  @Field({ description: 'The last refresh (the sign-in until one).' })
  lastActiveAt!: Date;

  @Field({ description: 'When it ends, however often it is refreshed: the user then signs in again.' })
  expiresAt!: Date;

  @Field(() => String, { nullable: true, description: 'The client address at the last refresh (at sign-in until one).' })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: 'The User-Agent at the last refresh (at sign-in until one).' })
  userAgent!: string | null;

  @Field({ description: 'A readable label parsed from the user agent at sign-in, e.g. "Firefox 128 on Linux".' })
  device!: string;

  @Field({ description: 'True when the sign-in used a second factor (its `amr` has "otp").' })
  mfa!: boolean;

  @Field({ description: 'False when signed in without "remember me" (a shorter session, a browser-session cookie).' })
  remembered!: boolean;

  static from(record: SessionRecord, currentSessionId: string | undefined): Session {
    return Object.assign(new Session(), {
      id: record.id,
      current: record.id === currentSessionId,
      createdAt: record.createdAt,
      lastActiveAt: record.lastActiveAt,
      expiresAt: record.expiresAt,
      ip: record.lastIp,
      userAgent: record.lastUserAgent,
      device: record.device,
      mfa: record.amr.includes('otp'),
      remembered: record.remembered,
    });
  }
}

// Argument classes keep the arguments in the documented order (parameter decorators would reverse it).
@ArgsType()
export class RevokeUserSessionArgs {
  @Field(() => ID)
  userId!: string;

  @Field(() => ID)
  sessionId!: string;
}
