import { followLink } from '../app/router';
import { RegisterForm } from '../components/AuthForms';

export function RegisterPage() {
  return (
    <div className="card card--narrow">
      <p className="lead">One account per email address. You are signed in as soon as it is created.</p>
      <RegisterForm />
      <p className="card__footer">
        Already registered?{' '}
        <a href="/login" onClick={followLink}>
          Log in
        </a>
      </p>
    </div>
  );
}
