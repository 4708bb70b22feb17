import { useMutation } from '@apollo/client/react';
import { useRef, useState, type FormEvent } from 'react';
import { mfaChallengeOf } from '../auth/mfa-challenge';
import { useSession } from '../auth/session-context';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { LoginDocument, RegisterDocument } from '../graphql/operations';
import { Button } from './Button';
import { Checkbox } from './Checkbox';
import { Field } from './Field';
import { FormErrorMessage, useFocusFirstInvalid } from './FormErrorMessage';
import { MfaLoginStep } from './MfaLoginStep';

const NO_ERRORS: FormErrors = { fields: {} };

const valueOf = (form: HTMLFormElement, name: string): string =>
  (form.elements.namedItem(name) as HTMLInputElement).value;

export function RegisterForm() {
  const { session } = useSession();
  const [register, { loading }] = useMutation(RegisterDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = valueOf(form, 'name').trim();
    try {
      const { data } = await register({
        variables: { input: { email: valueOf(form, 'email'), password: valueOf(form, 'password'), name: name || null } },
      });
      setErrors(NO_ERRORS);
      if (data) session.signIn(data.register);
    } catch (error) {
      setErrors(formErrorsOf(error));
    }
  }

  return (
    <form ref={formRef} onSubmit={submit} aria-label="Register" data-testid="register-form" className="form" noValidate>
      <FormErrorMessage errors={errors} testId="register-form-error" />
      <Field name="email" label="Email" type="email" autoComplete="username" error={errors.fields.email} />
      <Field
        name="password"
        label="Password"
        type="password"
        autoComplete="new-password"
        hint="8 characters or more; a few words are easier to remember."
        error={errors.fields.password}
      />
      <Field name="name" label="Name (optional)" autoComplete="name" error={errors.fields.name} />
      <Button type="submit" pending={loading}>
        Create account
      </Button>
    </form>
  );
}

/** Step 1, the password; with 2FA on the server answers MFA_REQUIRED and step 2 asks for a code. */
export function LoginForm() {
  const { session } = useSession();
  const [login, { loading }] = useMutation(LoginDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);
  const [challenge, setChallenge] = useState<{ mfaToken: string; rememberMe: boolean } | undefined>();
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstInvalid(formRef, errors);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const rememberMe = (form.elements.namedItem('rememberMe') as HTMLInputElement).checked;
    try {
      const { data } = await login({ variables: { input: session.loginInput(valueOf(form, 'email'), valueOf(form, 'password'), rememberMe) } });
      setErrors(NO_ERRORS);
      if (data) session.signIn(data.login);
    } catch (error) {
      const mfaToken = mfaChallengeOf(error);
      if (mfaToken) {
        setErrors(NO_ERRORS);
        setChallenge({ mfaToken, rememberMe });
      } else {
        setErrors(formErrorsOf(error));
      }
    }
  }

  if (challenge) {
    return (
      <MfaLoginStep
        mfaToken={challenge.mfaToken}
        rememberMe={challenge.rememberMe}
        onRestart={(reason) => {
          setChallenge(undefined);
          setErrors(reason ? { fields: {}, form: reason } : NO_ERRORS);
        }}
      />
    );
  }

  return (
    <>
      <p className="lead">Sign in with the email and password of your account.</p>
      <form ref={formRef} onSubmit={submit} aria-label="Log in" data-testid="login-form" className="form" noValidate>
        <FormErrorMessage errors={errors} testId="login-form-error" />
        <Field name="email" label="Email" type="email" autoComplete="username" error={errors.fields.email} />
        <Field name="password" label="Password" type="password" autoComplete="current-password" error={errors.fields.password} />
        <Checkbox name="rememberMe" label="Remember me" hint="Unticked, this session ends sooner: when the browser closes, or after some hours." defaultChecked />
        <Button type="submit" pending={loading}>
          Log in
        </Button>
      </form>
    </>
  );
}
