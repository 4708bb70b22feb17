import { Secret, TOTP } from 'otpauth';
import QRCode from 'qrcode';

/** RFC 6238 as every authenticator app implements it: SHA-1, 6 digits, 30-second steps. */
const ALGORITHM = 'SHA1';
const DIGITS = 6;
export const TOTP_PERIOD_SECONDS = 30;
/** One step either side: a phone clock a little off, or a code typed as it changed. */
const WINDOW = 1;
/** 160 bits, as RFC 4226 recommends for SHA-1. */
const SECRET_BYTES = 20;

export const isTotpCodeShape = (code: string): boolean => /^\d{6}$/.test(code);

const totpOf = (secretBase32: string, issuer = '', label = 'tokengate'): TOTP =>
  new TOTP({ issuer, label, algorithm: ALGORITHM, digits: DIGITS, period: TOTP_PERIOD_SECONDS, secret: Secret.fromBase32(secretBase32) });

export const newTotpSecret = (): string => new Secret({ size: SECRET_BYTES }).base32;

/** The otpauth:// URI an authenticator app scans: issuer and the account's email as its label. */
export const otpauthUri = (secretBase32: string, issuer: string, email: string): string => totpOf(secretBase32, issuer, email).toString();

export const qrCodeSvg = (uri: string): Promise<string> => QRCode.toString(uri, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });

/**
 * The time step a code belongs to, within one step of `nowMs`, or undefined when it matches none.
 * The caller records the step: a step at or before the last one used is a replay.
 */
export function matchingStep(secretBase32: string, code: string, nowMs: number): number | undefined {
  if (!isTotpCodeShape(code)) return undefined;
  const delta = totpOf(secretBase32).validate({ token: code, timestamp: nowMs, window: WINDOW });
  return delta === null ? undefined : Math.floor(nowMs / 1000 / TOTP_PERIOD_SECONDS) + delta;
}
