interface FieldProps {
  name: string;
  label: string;
  type?: string;
  error?: string;
  autoComplete?: string;
}

/** A labelled input with its BAD_USER_INPUT message underneath. */
export function Field({ name, label, type = 'text', error, autoComplete }: FieldProps) {
  const errorId = `${name}-error`;
  return (
    <p>
      <label>
        {label}{' '}
        <input name={name} type={type} autoComplete={autoComplete} aria-invalid={Boolean(error)} aria-describedby={error ? errorId : undefined} />
      </label>
      {error && (
        <span id={errorId} className="field-error" data-testid={errorId} role="alert">
          {' '}
          {error}
        </span>
      )}
    </p>
  );
}
