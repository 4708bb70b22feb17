import { Field, ID, ObjectType } from 'type-graphql';
import { isMfaEnabled } from '../../mfa/mfa-state';
import type { UserRecord } from '../../stores/user.store';

@ObjectType({ description: 'A registered user. The password hash is never exposed.' })
export class User {
  @Field(() => ID)
  id!: string;

  @Field({ description: 'Trimmed and lower-cased.' })
  email!: string;

  @Field(() => String, { nullable: true })
  name!: string | null;

  @Field(() => [String])
  roles!: string[];

  @Field()
  createdAt!: Date;

  @Field({ description: 'The address was proven by a mailed link (or set by an operator); accounts older than verification count as verified.' })
  emailVerified!: boolean;
  @Field({ description: 'True once a TOTP enrollment was confirmed: login then asks for a code (completeMfaLogin).' })
  mfaEnabled!: boolean;

  static from(record: UserRecord): User {
    return Object.assign(new User(), {
      id: record.id,
      email: record.email,
      name: record.name,
      roles: record.roles,
      createdAt: record.createdAt,
      emailVerified: record.emailVerified,
      mfaEnabled: isMfaEnabled(record),
    });
  }
}
