// TOTP codes for the e2e flows, computed from the secret the app shows with the library the server uses (otpauth).
import { Secret, TOTP } from 'otpauth';

const PERIOD_MS = 30_000;
const stepAt = (ms) => Math.floor(ms / PERIOD_MS);

/**
 * The authenticator app of one account. The server accepts a code once per user and 30-s step, and only for a
 * step after the last one used, within one step either side of its clock: `next()` returns this step's code, or
 * the next step's when this one was used already (accepted as one step of drift). Only when that one was used
 * too does it wait, for the step boundary it needs (a known instant, not a guessed sleep).
 */
export function authenticatorFor(secretBase32) {
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: PERIOD_MS / 1000 });
  let lastStep = -Infinity;
  return {
    async next() {
      const wanted = lastStep + 1;
      // `wanted` is accepted from the moment the clock is at wanted - 1; a little margin past the boundary.
      const acceptedFrom = (wanted - 1) * PERIOD_MS + 100;
      if (Date.now() < acceptedFrom) await new Promise((resolve) => setTimeout(resolve, acceptedFrom - Date.now()));
      const step = Math.max(stepAt(Date.now()), wanted);
      lastStep = step;
      return totp.generate({ timestamp: step * PERIOD_MS });
    },
  };
}
