import { useMutation, useQuery } from '@apollo/client/react';
import { useState } from 'react';
import { formErrorsOf } from '../graphql/field-errors';
import {
  BeginTotpEnrollmentDocument,
  ConfirmTotpEnrollmentDocument,
  DisableTotpDocument,
  MeDocument,
  RegenerateRecoveryCodesDocument,
} from '../graphql/operations';
import { Button } from './Button';
import { CodeForm } from './CodeForm';
import { RecoveryCodes } from './RecoveryCodes';
import { TotpEnrollment } from './TotpEnrollment';

const refetchMe = { refetchQueries: [MeDocument], awaitRefetchQueries: true };

/** 2FA for the signed-in user: set up (QR code, secret, first code), recovery codes once, turn off. */
export function TwoFactor() {
  const { data } = useQuery(MeDocument);
  const [begin, { data: enrollment, loading: beginning, reset: forgetEnrollment }] = useMutation(BeginTotpEnrollmentDocument);
  const [confirm] = useMutation(ConfirmTotpEnrollmentDocument, refetchMe);
  const [disable] = useMutation(DisableTotpDocument, refetchMe);
  const [regenerate] = useMutation(RegenerateRecoveryCodesDocument);
  const [recoveryCodes, setRecoveryCodes] = useState<readonly string[] | undefined>();
  const [beginError, setBeginError] = useState<string | undefined>();
  const enabled = data?.me.mfaEnabled;

  async function start() {
    setBeginError(undefined);
    try {
      await begin();
    } catch (error) {
      setBeginError(formErrorsOf(error).form ?? 'Could not start the set-up.');
    }
  }

  async function confirmWith(code: string) {
    const { data: answer } = await confirm({ variables: { code } });
    forgetEnrollment();
    setRecoveryCodes(answer?.confirmTotpEnrollment);
  }

  if (recoveryCodes) return <RecoveryCodes codes={recoveryCodes} onDone={() => setRecoveryCodes(undefined)} />;
  return (
    <div className="grid">
      <section aria-labelledby="mfa-title" className="card" data-testid="two-factor">
        <h2 id="mfa-title">Two-factor authentication</h2>
        <p>
          Status:{' '}
          <strong data-testid="mfa-status">{enabled === undefined ? '…' : enabled ? 'On' : 'Off'}</strong>
        </p>
        {enabled === false && !enrollment && (
          <>
            <p>
              With it on, signing in asks for a code from an authenticator app as well as your password. Setting it up
              signs out your other sessions.
            </p>
            {beginError && (
              <p role="alert" className="notice notice--error">
                {beginError}
              </p>
            )}
            <Button pending={beginning} onClick={() => void start()} data-testid="mfa-begin">
              Set up two-factor authentication
            </Button>
          </>
        )}
        {enrollment && (
          <TotpEnrollment secret={enrollment.beginTotpEnrollment.secret} qrCodeSvg={enrollment.beginTotpEnrollment.qrCodeSvg}>
            <CodeForm label="Code from the app" testId="mfa-confirm-form" submitLabel="Turn on" onCode={confirmWith} />
            <Button variant="secondary" onClick={() => forgetEnrollment()}>
              Cancel
            </Button>
          </TotpEnrollment>
        )}
        {enabled && (
          <CodeForm
            label="Code to turn it off"
            testId="mfa-disable-form"
            submitLabel="Turn off two-factor authentication"
            variant="danger"
            acceptsRecoveryCode
            onCode={(code) => disable({ variables: { code } })}
          >
            <p>Turning it off signs out your other sessions.</p>
          </CodeForm>
        )}
      </section>
      {enabled && (
        <section aria-labelledby="recovery-new-title" className="card">
          <h2 id="recovery-new-title">Recovery codes</h2>
          <CodeForm
            label="Code to confirm"
            testId="mfa-regenerate-form"
            submitLabel="Get new recovery codes"
            acceptsRecoveryCode
            onCode={async (code) => setRecoveryCodes((await regenerate({ variables: { code } })).data?.regenerateRecoveryCodes)}
          >
            <p>New codes replace all the old ones. Use this when you have used most of them, or lost them.</p>
          </CodeForm>
        </section>
      )}
    </div>
  );
}
