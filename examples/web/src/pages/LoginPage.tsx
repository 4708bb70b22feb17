import { followLink } from '../app/router';
import { LoginForm } from '../components/AuthForms';

export function LoginPage() {
  return (
    <div className="card card--narrow">
      <LoginForm />
      <p className="card__footer">
        <a href="/forgot-password" onClick={followLink}>
          Forgot your password?
        </a>
        <br />
        No account yet?{' '}
        <a href="/register" onClick={followLink}>
          Create one
        </a>
      </p>
    </div>
  );
}
