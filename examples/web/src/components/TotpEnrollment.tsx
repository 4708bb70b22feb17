import type { ReactNode } from 'react';

/**
 * The QR code is the server's SVG document, shown as an image (a data: URI): an <img> runs no script and
 * cannot touch the page, unlike markup inserted with innerHTML.
 */
const svgDataUri = (svg: string): string => `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;

/** Groups of four, as authenticator apps show it; spaces do not matter to them. */
const readable = (secret: string): string => secret.match(/.{1,4}/g)?.join(' ') ?? secret;

export function TotpEnrollment({ secret, qrCodeSvg, children }: { secret: string; qrCodeSvg: string; children: ReactNode }) {
  return (
    <ol className="steps" data-testid="mfa-enrollment">
      <li>
        <p>Scan this QR code with your authenticator app (Google Authenticator, 1Password, Aegis…).</p>
        <img className="qr-code" src={svgDataUri(qrCodeSvg)} width={200} height={200} alt="QR code to add this account to an authenticator app" data-testid="totp-qr" />
      </li>
      <li>
        <p>Or type this key into the app by hand:</p>
        <p>
          <code className="secret" data-testid="totp-secret">
            {readable(secret)}
          </code>
        </p>
      </li>
      <li>
        <p>Enter the 6-digit code the app shows.</p>
        {children}
      </li>
    </ol>
  );
}
