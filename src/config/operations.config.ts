import { isIP } from 'node:net';
import { parseMilliseconds } from './cache.config';
import type { Env } from './env-reader';

/** Defaults of what an operator runs tokengate with: metrics, readiness on shutdown, log format. */
export const OPERATIONS_DEFAULTS = {
  METRICS_HOST: '127.0.0.1',
  SHUTDOWN_DELAY: '5s',
  LOG_FORMAT: 'auto',
} as const;

export const METRICS_TOKEN_MIN_LENGTH = 32;
export const LOG_FORMATS = ['json', 'pretty'] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];
const SHUTDOWN_DELAY_MAX_MS = 120_000;

/** Where and how GET /metrics is served; `off` when neither METRICS_TOKEN nor METRICS_PORT is set. */
export type MetricsAccess =
  | { readonly mode: 'off' }
  /** On the API's own port, behind `Authorization: Bearer <METRICS_TOKEN>`. */
  | { readonly mode: 'token'; readonly token: string }
  /** On a port of its own bound to `host`; with a token too when METRICS_TOKEN is also set (the API port then has none). */
  | { readonly mode: 'port'; readonly port: number; readonly host: string; readonly token?: string };

export interface OperationsConfig {
  readonly metrics: MetricsAccess;
  /** After SIGTERM, readiness answers 503 this long while requests are still served, then the drain begins. */
  readonly shutdownDelayMs: number;
  /** LOG_FORMAT; `auto` (unset): pretty when stdout is a terminal and NODE_ENV=development, JSON otherwise. */
  readonly logFormat: LogFormat | 'auto';
}

/** Reads the operations variables; one line per bad one onto `problems`. */
export function readOperationsConfig(env: Env, problems: string[], canPretty: () => boolean = pinoPrettyInstalled): OperationsConfig {
  const read = (name: keyof typeof OPERATIONS_DEFAULTS): string => env[name]?.trim() || OPERATIONS_DEFAULTS[name];
  return {
    metrics: readMetricsAccess(env, read('METRICS_HOST'), problems),
    shutdownDelayMs: readShutdownDelay(read('SHUTDOWN_DELAY'), problems),
    logFormat: readLogFormat(read('LOG_FORMAT'), problems, canPretty),
  };
}

function readMetricsAccess(env: Env, host: string, problems: string[]): MetricsAccess {
  // Not trimmed: a token is compared byte for byte, and stray spaces would silently make it another one.
  const token = env.METRICS_TOKEN || undefined;
  if (token !== undefined && token.length < METRICS_TOKEN_MIN_LENGTH) {
    problems.push(`METRICS_TOKEN must be at least ${METRICS_TOKEN_MIN_LENGTH} characters long (got ${token.length}); generate one with: openssl rand -base64 36`);
  }
  if (token !== undefined && /[^\x21-\x7e]/.test(token)) {
    problems.push('METRICS_TOKEN must be visible ASCII characters only (no spaces), as it travels in an Authorization header');
  }
  if (isIP(host) === 0 && host !== 'localhost') {
    problems.push(`METRICS_HOST must be an IP address such as 127.0.0.1 or 0.0.0.0 (got "${host}")`);
  }
  const portText = env.METRICS_PORT?.trim();
  if (portText) {
    const port = Number(portText);
    if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
      problems.push(`METRICS_PORT must be a whole number from 1 to 65535 (got "${portText}")`);
      return { mode: 'off' };
    }
    return { mode: 'port', port, host, ...(token ? { token } : {}) };
  }
  return token ? { mode: 'token', token } : { mode: 'off' };
}

function readShutdownDelay(text: string, problems: string[]): number {
  // parseMilliseconds takes positive durations only; 0 (any unit) turns the delay off.
  const ms = /^0+\s*(ms|s)?$/i.test(text) ? 0 : parseMilliseconds(text);
  if (ms !== undefined && ms <= SHUTDOWN_DELAY_MAX_MS) return ms;
  problems.push(`SHUTDOWN_DELAY must be a duration from 0 to ${SHUTDOWN_DELAY_MAX_MS / 1000}s such as 5s or 500ms (got "${text}")`);
  return parseMilliseconds(OPERATIONS_DEFAULTS.SHUTDOWN_DELAY) as number;
}

function readLogFormat(text: string, problems: string[], canPretty: () => boolean): LogFormat | 'auto' {
  if (text !== 'auto' && !(LOG_FORMATS as readonly string[]).includes(text)) {
    problems.push(`LOG_FORMAT must be one of ${LOG_FORMATS.join(', ')} (got "${text}")`);
    return 'auto';
  }
  if (text === 'pretty' && !canPretty()) {
    problems.push('LOG_FORMAT=pretty needs pino-pretty, a development dependency that is not installed here (npm install, or LOG_FORMAT=json)');
  }
  return text as LogFormat | 'auto';
}

/** pino-pretty is a devDependency: a production install (npm ci --omit=dev) does not have it. */
export function pinoPrettyInstalled(): boolean {
  try {
    require.resolve('pino-pretty');
    return true;
  } catch {
    return false;
  }
}
