const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86400 };

/**
 * Parses a duration such as `15m`, `7d`, `90s` or a bare number of seconds.
 * Returns whole seconds, or undefined when the text is not a positive duration.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const match = /^\s*(\d+)\s*([smhd]?)\s*$/i.exec(text);
  if (!match) return undefined;
  const seconds = Number(match[1]) * UNIT_SECONDS[(match[2] || 's').toLowerCase()];
  return Number.isSafeInteger(seconds) && seconds > 0 ? seconds : undefined;
}
