import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { SESSION_EVENT_TYPES, type SessionEvent as SessionEventRecord, type SessionEventType } from '../../realtime/session-events';

/** The event types as the enum object type-graphql registers (name → same name). */
export const SessionEventKind = Object.fromEntries(SESSION_EVENT_TYPES.map((type) => [type, type])) as { [T in SessionEventType]: T };

registerEnumType(SessionEventKind, {
  name: 'SessionEventType',
  description: 'What happened to the account.',
  valuesConfig: {
    SESSION_REVOKED: { description: 'One session ended (sessionId names it).' },
    LOGGED_OUT_EVERYWHERE: { description: 'Every session ended: logoutAll, or a refresh token presented twice.' },
    PASSWORD_CHANGED: { description: 'The password changed; every session but the acting one ended.' },
    ROLES_CHANGED: { description: 'An administrator changed the roles; sessions go on.' },
    MFA_ENABLED: { description: 'Two-factor authentication was turned on.' },
    MFA_DISABLED: { description: 'Two-factor authentication was turned off.' },
    EMAIL_CHANGED: { description: 'The email address changed.' },
  },
});

@ObjectType({ description: "An event about the signed-in user's own account, delivered to every open session." })
export class SessionEvent {
  @Field(() => SessionEventKind)
  type!: SessionEventType;

  @Field({ description: 'When it happened.' })
  at!: Date;

  @Field(() => ID, { nullable: true, description: 'The session concerned: the acting one, or the one that ended (SESSION_REVOKED).' })
  sessionId!: string | null;

  @Field(() => String, { nullable: true, description: "The acting session's device label, where known." })
  device!: string | null;

  static from(event: SessionEventRecord): SessionEvent {
    return Object.assign(new SessionEvent(), { type: event.type, at: event.at, sessionId: event.sessionId, device: event.device });
  }
}
