/**
 * What the user reads for the server's `extensions.reason`s that mean something to them (README › Errors).
 * The server's own messages are written for developers; these say what happened and what to do.
 */

/** Why the session in this tab ended, by the reason of the refused token (or refresh), or the event pushed. */
export function sessionEndedMessage(reason?: string): string {
  switch (reason) {
    case 'TOKEN_REVOKED':
    case 'SESSION_REVOKED':
      return 'You were signed out: this session was ended, from another device or by "log out everywhere". Please sign in again.';
    case 'TOKEN_EXPIRED':
      return 'Your session has expired. Please sign in again.';
    case 'LOGGED_OUT_EVERYWHERE':
      return 'You were signed out on every device: "log out everywhere" was used, or your sessions were ended to protect the account. Please sign in again.';
    case 'PASSWORD_CHANGED':
      return 'You were signed out: the password of this account was changed on another device. Please sign in again.';
    case 'TOKEN_BINDING_MISMATCH':
      return 'You were signed out: this session was used from another browser or network. Please sign in again.';
    default:
      return 'Your session has ended, please sign in again.';
  }
}

/** A short notice for what another session (or an administrator) changed; `device` is the acting one's. */
export function sessionEventNotice(type: string, device?: string | null): string {
  const from = device ? ` (from ${device})` : '';
  switch (type) {
    case 'SESSION_REVOKED':
      return `One of your other sessions was signed out${from}.`;
    case 'ROLES_CHANGED':
      return 'An administrator changed your roles.';
    case 'MFA_ENABLED':
      return `Two-factor authentication was turned on${from}.`;
    case 'MFA_DISABLED':
      return `Two-factor authentication was turned off${from}.`;
    case 'EMAIL_CHANGED':
      return `The email address of your account was changed${from}.`;
    default:
      return `Your account changed${from}.`;
  }
}

/** Messages for reasons a form can get, in place of the server's. */
export const REASON_MESSAGES: Readonly<Record<string, string>> = {
  INVALID_MFA_CODE: 'That code is wrong or was already used. Wait for the next code of your app, or use a recovery code.',
  MFA_REQUIRED: 'This needs a sign-in verified with your second factor: log out and sign in with your authenticator code.',
  MFA_ENROLLMENT_REQUIRED: 'Your role requires two-factor authentication: turn it on in Security first.',
  MFA_ALREADY_ENABLED: 'Two-factor authentication is already on.',
  MFA_NOT_ENABLED: 'Two-factor authentication is not on (any more): start the set-up again.',
  EMAIL_NOT_VERIFIED: 'Your address is not verified yet: open the link we mailed you (the verify page can send a new one).',
  LINK_EXPIRED: 'This link has expired: ask for a new one.',
  LINK_USED: 'This link was already used: each works once.',
  LINK_INVALID: 'This link does not work (any more): a newer mail replaced it, or it was voided. Ask for a new one.',
  EMAIL_TAKEN: 'That address went to another account meanwhile: choose another one.',
};
