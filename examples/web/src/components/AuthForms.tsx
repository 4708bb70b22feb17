import { useMutation } from '@apollo/client/react';
import { useState, type FormEvent } from 'react';
import { useSession } from '../auth/session-context';
import { formErrorsOf, type FormErrors } from '../graphql/field-errors';
import { LoginDocument, RegisterDocument } from '../graphql/operations';
import { Field } from './Field';

const NO_ERRORS: FormErrors = { fields: {} };

const valueOf = (form: HTMLFormElement, name: string): string =>
  (form.elements.namedItem(name) as HTMLInputElement).value;

export function RegisterForm() {
  const { session } = useSession();
  const [register, { loading }] = useMutation(RegisterDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

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
    <form onSubmit={submit} aria-label="Register" data-testid="register-form" noValidate>
      <h2>Register</h2>
      {errors.form && <p role="alert" data-testid="register-form-error">{errors.form}</p>}
      <Field name="email" label="Email" type="email" autoComplete="username" error={errors.fields.email} />
      <Field name="password" label="Password" type="password" autoComplete="new-password" error={errors.fields.password} />
      <Field name="name" label="Name (optional)" error={errors.fields.name} />
      <button type="submit" disabled={loading}>Create account</button>
    </form>
  );
}

export function LoginForm() {
  const { session } = useSession();
  const [login, { loading }] = useMutation(LoginDocument);
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    try {
      const { data } = await login({ variables: { input: session.loginInput(valueOf(form, 'email'), valueOf(form, 'password')) } });
      setErrors(NO_ERRORS);
      if (data) session.signIn(data.login);
    } catch (error) {
      setErrors(formErrorsOf(error));
    }
  }

  return (
    <form onSubmit={submit} aria-label="Log in" data-testid="login-form" noValidate>
      <h2>Log in</h2>
      {errors.form && <p role="alert" data-testid="login-form-error">{errors.form}</p>}
      <Field name="email" label="Email" type="email" autoComplete="username" error={errors.fields.email} />
      <Field name="password" label="Password" type="password" autoComplete="current-password" error={errors.fields.password} />
      <button type="submit" disabled={loading}>Log in</button>
    </form>
  );
}
