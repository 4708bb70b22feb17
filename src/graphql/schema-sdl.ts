import { printSchema } from 'graphql';
import type { AuthService } from '../auth/auth.service';
import type { AccountEmail } from '../mail/account-email';
import type { SessionService } from '../sessions/session.service';
import type { UserStore } from '../stores/user.store';
import type { MfaLoginService } from '../mfa/mfa-login.service';
import type { TotpEnrollmentService } from '../mfa/totp-enrollment.service';
import type { UserService } from '../users/user.service';
import { createSchema } from './schema';
import type { AuthSettings } from './types/auth-settings.type';

export const SCHEMA_FILE_HEADER = '# Generated from the resolvers by `npm run schema`. Do not edit: CI fails when it drifts.\n\n';

/** The schema as SDL, exactly as committed in schema.graphql. Resolvers are never called here. */
export async function schemaSDL(): Promise<string> {
  const unused = new Proxy({}, { get: () => { throw new Error('services are not available while printing the schema'); } });
  const schema = await createSchema({
    auth: unused as AuthService,
    users: unused as UserService,
    settings: unused as AuthSettings,
    accountEmail: unused as AccountEmail,
    sessions: unused as SessionService,
    userStore: unused as UserStore,
    totpEnrollment: unused as TotpEnrollmentService,
    mfaLogin: unused as MfaLoginService,
  });
  return `${SCHEMA_FILE_HEADER}${printSchema(schema)}\n`;
}
