import { useState } from 'react';
import { Button } from './Button';

/** The recovery codes, shown this once (the server keeps only their hashes): copy them, then dismiss. */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();

  async function copy() {
    try {
      await navigator.clipboard.writeText(codes.join('\n'));
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
  }

  return (
    <section aria-labelledby="recovery-title" className="card" data-testid="recovery-codes-card">
      <h2 id="recovery-title">Your recovery codes</h2>
      <p className="notice notice--warning">
        Save these codes now, somewhere safe: they will not be shown again. Each signs you in once if you lose your
        authenticator app.
      </p>
      <ol className="recovery-codes" data-testid="recovery-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="card__actions">
        <Button variant="secondary" onClick={() => void copy()} data-testid="copy-recovery-codes">
          Copy codes
        </Button>
        <Button onClick={onDone} data-testid="recovery-codes-saved">
          I have saved them
        </Button>
      </div>
      <p role="status" className="field__hint">
        {copied === 'yes' && 'Copied to the clipboard.'}
        {copied === 'failed' && 'The browser refused the clipboard: select the codes and copy them by hand.'}
      </p>
    </section>
  );
}
