import type { UserRecord } from '../stores/user.store';

/** 2FA is on once an enrollment was confirmed; a pending enrollment changes nothing about signing in. */
export const isMfaEnabled = (user: Pick<UserRecord, 'totp'>): boolean => Boolean(user.totp?.enabledAt);

/** Additional authenticated data of a sealed TOTP secret: it opens only on the record of the user it was made for. */
export const totpSecretContext = (userId: string): string => `totp-secret:${userId}`;
