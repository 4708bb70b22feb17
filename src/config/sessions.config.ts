import { parseDurationSeconds } from './duration';
import type { Env } from './env-reader';

/** What a refresh (and with ACCESS_TOKEN_BINDING an access token) must come from: the session's client. */
export type BindingPart = 'user-agent' | 'ip-subnet';
const BINDING_PARTS: readonly BindingPart[] = ['user-agent', 'ip-subnet'];

export const SESSION_DEFAULTS = {
  SESSION_SHORT_LIFETIME: '12h',
  SESSION_BINDING: 'off',
  ACCESS_TOKEN_BINDING: 'off',
} as const;

export interface SessionsConfig {
  /** A session signed in without "remember me" ends this long after auth_time. */
  readonly shortLifetimeSeconds: number;
  /** SESSION_BINDING: what a refresh must match; empty: off. */
  readonly binding: readonly BindingPart[];
  /** ACCESS_TOKEN_BINDING=ip-subnet: access tokens are used only from their session's subnet. */
  readonly accessTokenBinding: boolean;
}

/** SESSION_SHORT_LIFETIME, SESSION_BINDING, ACCESS_TOKEN_BINDING; one line onto problems per bad variable. */
export function readSessionsConfig(env: Env, sessionMaxLifetimeSeconds: number, problems: string[]): SessionsConfig {
  return {
    shortLifetimeSeconds: readShortLifetime(env, sessionMaxLifetimeSeconds, problems),
    binding: readBinding(env, problems),
    accessTokenBinding: readAccessTokenBinding(env, problems),
  };
}

function readShortLifetime(env: Env, maxSeconds: number, problems: string[]): number {
  const fallback = Math.min(parseDurationSeconds(SESSION_DEFAULTS.SESSION_SHORT_LIFETIME) as number, maxSeconds);
  const text = env.SESSION_SHORT_LIFETIME?.trim();
  if (!text) return fallback;
  const seconds = parseDurationSeconds(text);
  if (seconds === undefined || seconds < 60 || seconds > maxSeconds) {
    problems.push(`SESSION_SHORT_LIFETIME must be a duration from 1m to SESSION_MAX_LIFETIME (${maxSeconds}s) such as 12h (got "${text}")`);
    return fallback;
  }
  return seconds;
}

function readBinding(env: Env, problems: string[]): BindingPart[] {
  const text = env.SESSION_BINDING?.trim() || SESSION_DEFAULTS.SESSION_BINDING;
  if (text === 'off') return [];
  const parts = text.split(',').map((part) => part.trim());
  if (parts.some((part) => !(BINDING_PARTS as readonly string[]).includes(part)) || new Set(parts).size !== parts.length) {
    problems.push(`SESSION_BINDING must be off, user-agent, ip-subnet or user-agent,ip-subnet (got "${text}")`);
    return [];
  }
  return parts as BindingPart[];
}

function readAccessTokenBinding(env: Env, problems: string[]): boolean {
  const text = env.ACCESS_TOKEN_BINDING?.trim() || SESSION_DEFAULTS.ACCESS_TOKEN_BINDING;
  if (text === 'off') return false;
  if (text === 'ip-subnet') return true;
  problems.push(`ACCESS_TOKEN_BINDING must be off or ip-subnet (got "${text}")`);
  return false;
}
