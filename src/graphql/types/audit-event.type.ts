import { Field, ID, ObjectType } from 'type-graphql';
import type { SecurityEvent } from '../../realtime/security-events';

@ObjectType({ description: 'One line of the audit log, as it is written (securityEvents). Never carries a secret.' })
export class AuditEvent {
  @Field({ description: 'What happened: login_failed, session_revoked, roles_changed… (README, Security).' })
  event!: string;

  @Field(() => ID, { nullable: true, description: 'The account concerned, where there is one.' })
  userId!: string | null;

  @Field(() => ID, { nullable: true, description: 'The signed-in user who acted, where there was one.' })
  actorId!: string | null;

  @Field(() => String, { nullable: true, description: 'The client address, as TRUST_PROXY sees it.' })
  ip!: string | null;

  @Field(() => String, { nullable: true, description: 'The request id (X-Request-Id): the same as in the log line.' })
  requestId!: string | null;

  @Field({ description: 'When it was written.' })
  at!: Date;

  static from(event: SecurityEvent): AuditEvent {
    const { event: name, userId, actorId, ip, requestId, at } = event;
    return Object.assign(new AuditEvent(), { event: name, userId, actorId, ip, requestId, at });
  }
}
