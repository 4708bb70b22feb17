import pino, { type DestinationStream, type Logger } from 'pino';
import type { LogLevel, NodeEnv } from '../config/config';
import { type LogFormat, pinoPrettyInstalled } from '../config/operations.config';
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

/**
 * LOG_FORMAT as set, or unset (`auto`): pretty for a person (stdout a terminal, NODE_ENV=development, and
 * pino-pretty installed, as it is a devDependency), JSON lines for machines everywhere else.
 */
export function chooseLogFormat(format: LogFormat | 'auto', nodeEnv: NodeEnv, isTerminal: boolean): LogFormat {
  if (format !== 'auto') return format;
  return isTerminal && nodeEnv === 'development' && pinoPrettyInstalled() ? 'pretty' : 'json';
}

/** `dest` 2 (stderr) is for the operator CLI, whose stdout carries its results. */
export function createLogger(level: LogLevel, dest: 1 | 2 = 1, format: LogFormat = 'json'): Logger {
  // Synchronous writes: nothing is lost when the process exits right after a line (start-up errors, shutdown).
  const stream = format === 'pretty' ? prettyStream(dest) : pino.destination({ dest, sync: true });
  // Redaction happens before the stream, so pretty lines hide the same secrets as JSON ones.
  return pino({ name: 'tokengate', level, redact: LOG_REDACTION }, stream);
}

/** Loaded only when asked for: a production install has no pino-pretty (config.ts refuses LOG_FORMAT=pretty there). */
function prettyStream(dest: 1 | 2): DestinationStream {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const pretty = require('pino-pretty') as (options: Record<string, unknown>) => DestinationStream;
  const terminal = Boolean((dest === 1 ? process.stdout : process.stderr).isTTY);
  return pretty({ destination: dest, sync: true, colorize: terminal, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname,name' });
}

export const silentLogger: Logger = pino({ level: 'silent' });
