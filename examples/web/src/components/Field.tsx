import { useId } from 'react';

interface FieldProps {
  name: string;
  label: string;
  type?: string;
  /** The server's BAD_USER_INPUT message for this field (extensions.field). */
  error?: string;
  /** Shown under the label before any error, and read with the input. */
  hint?: string;
  autoComplete?: string;
  /** The on-screen keyboard: `numeric` for a TOTP code. */
  inputMode?: 'text' | 'email' | 'numeric';
}

/**
 * A labelled input with its error right under it, tied to the input by aria-describedby (and aria-invalid),
 * so a screen reader reads the message when the input gets focus. Ids are unique per form (useId): the
 * register and login forms both have an `email` field.
 */
export function Field({ name, label, type = 'text', error, hint, autoComplete, inputMode }: FieldProps) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [hint && hintId, error && errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={error ? 'field field--invalid' : 'field'}>
      <label htmlFor={`${id}-input`}>{label}</label>
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      <input
        id={`${id}-input`}
        name={name}
        type={type}
        autoComplete={autoComplete}
        inputMode={inputMode}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy}
      />
      {error && (
        <p id={errorId} className="field__error" data-testid={`${name}-error`}>
          {error}
        </p>
      )}
    </div>
  );
}
