import { CombinedGraphQLErrors } from '@apollo/client/errors';
import { describe, expect, it } from 'vitest';
import { challengeEnded, mfaChallengeOf } from '../src/auth/mfa-challenge';
import { sessionEndedMessage } from '../src/auth/reason-messages';
import { formErrorsOf } from '../src/graphql/field-errors';

const graphqlErrors = (...errors: { message: string; extensions: Record<string, unknown> }[]) => new CombinedGraphQLErrors({ errors });

describe('the 2FA answers of the server', () => {
  it("login's MFA_REQUIRED carries the challenge; other refusals carry none", () => {
    const challenge = graphqlErrors({ message: 'A second factor is required', extensions: { code: 'UNAUTHENTICATED', reason: 'MFA_REQUIRED', mfaToken: 'eyJ.mfa' } });
    expect(mfaChallengeOf(challenge)).toBe('eyJ.mfa');
    expect(mfaChallengeOf(graphqlErrors({ message: 'Invalid email or password', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' } }))).toBeUndefined();
    // FORBIDDEN + MFA_REQUIRED is the step-up answer of a signed-in operation, not a login challenge.
    expect(mfaChallengeOf(graphqlErrors({ message: 'Step up', extensions: { code: 'FORBIDDEN', reason: 'MFA_REQUIRED' } }))).toBeUndefined();
    expect(mfaChallengeOf(new Error('network'))).toBeUndefined();
  });

  it('a wrong code is the code field\'s error, in either shape; a used-up or expired challenge sends the user back', () => {
    const wrong = graphqlErrors({ message: 'Invalid code', extensions: { code: 'UNAUTHENTICATED', reason: 'INVALID_MFA_CODE' } });
    expect(formErrorsOf(wrong).fields.code).toMatch(/wrong or was already used/);
    expect(formErrorsOf(wrong).form).toBeUndefined();
    const signedIn = graphqlErrors({ message: 'Invalid code', extensions: { code: 'BAD_USER_INPUT', field: 'code', reason: 'INVALID_MFA_CODE' } });
    expect(formErrorsOf(signedIn).fields.code).toMatch(/wrong or was already used/);
    expect(challengeEnded(wrong)).toBe(false);
    expect(challengeEnded(graphqlErrors({ message: 'used', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_REVOKED' } }))).toBe(true);
    expect(challengeEnded(graphqlErrors({ message: 'late', extensions: { code: 'UNAUTHENTICATED', reason: 'TOKEN_EXPIRED' } }))).toBe(true);
  });

  it('step-up and enrollment requirements read as what to do', () => {
    const stepUp = graphqlErrors({ message: 'x', extensions: { code: 'FORBIDDEN', reason: 'MFA_ENROLLMENT_REQUIRED' } });
    expect(formErrorsOf(stepUp).form).toMatch(/turn it on in Security/);
  });

  it('a session ended elsewhere says so', () => {
    expect(sessionEndedMessage('TOKEN_REVOKED')).toMatch(/another device/);
    expect(sessionEndedMessage('TOKEN_EXPIRED')).toMatch(/expired/);
    expect(sessionEndedMessage()).toMatch(/ended/);
  });
});
