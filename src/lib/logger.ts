import pino, { type Logger } from 'pino';
import type { LogLevel } from '../config/config';
import { SECRET_INPUT_NAMES } from '../security/secret-fields';

export type { Logger };

/** Secrets that are not inputs: what the server itself holds or hands out. */
const LOG_ONLY_SECRETS = ['passwordHash', 'accessToken'];

/**
 * Paths that must never reach a log line, whatever object is logged: every secret input name
 * (security/secret-fields.ts) and the log-only ones, at the top level and two levels down.
 */
const SECRET_NAMES = [...SECRET_INPUT_NAMES, ...LOG_ONLY_SECRETS];
const REDACT = [
  ...SECRET_NAMES.flatMap((name) => [name, `*.${name}`, `*.*.${name}`]),
  // Listed under `err` too, so the censor below sees that path (pino hides the first segment of a `*.` path).
  ...SECRET_NAMES.map((name) => `err.${name}`),
  'req.headers.authorization',
  'headers.authorization',
];

/** An error's own `code` (ECONNREFUSED, 11000) is not the secret input `code`: it stays, for diagnosis. */
const censor = (value: unknown, path: Array<string | symbol>): unknown =>
  path[0] === 'err' && path[path.length - 1] === 'code' ? value : '[redacted]';

/** pino's `redact` option of every logger, exported so tests can capture what would be written. */
export const LOG_REDACTION = { paths: REDACT, censor };

/** `dest` 2 (stderr) is for the operator CLI, whose stdout carries its results. */
export function createLogger(level: LogLevel, dest: 1 | 2 = 1): Logger {
  // Synchronous writes: nothing is lost when the process exits right after a line (start-up errors, shutdown).
  return pino(
    { name: 'tokengate', level, redact: LOG_REDACTION },
    pino.destination({ dest, sync: true }),
  );
}

export const silentLogger: Logger = pino({ level: 'silent' });
