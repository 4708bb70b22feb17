import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/config';

export type { Logger };

/** Paths that must never reach a log line, whatever object is logged. */
const REDACT = [
  'password',
  '*.password',
  '*.currentPassword',
  '*.newPassword',
  'passwordHash',
  '*.passwordHash',
  'token',
  '*.accessToken',
  '*.refreshToken',
  '*.deviceToken',
  'req.headers.authorization',
  'headers.authorization',
];

export function createLogger(level: LogLevel): Logger {
  // Synchronous writes: nothing is lost when the process exits right after a line (start-up errors, shutdown).
  return pino(
    { name: 'tokengate', level, redact: { paths: REDACT, censor: '[redacted]' } },
    pino.destination({ dest: 1, sync: true }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
