import { parseDurationSeconds } from './duration';
import type { Env } from './env-reader';

/** Defaults of the mail settings; config.ts reads the environment and hands it here. */
export const MAIL_DEFAULTS = {
  MAIL_TRANSPORT: 'auto',
  MAIL_PRODUCT_NAME: 'tokengate',
  EMAIL_VERIFICATION_TTL: '24h',
  PASSWORD_RESET_TTL: '30m',
  EMAIL_CHANGE_TTL: '1h',
  REQUIRE_VERIFIED_EMAIL: 'false',
  NOTIFY_NEW_DEVICE: 'true',
} as const;

/** Where mail goes: an SMTP server, .eml files (development and test only), or nowhere (features needing it answer 503). */
export type MailTransportConfig =
  | { readonly kind: 'smtp'; readonly url: string }
  | { readonly kind: 'outbox'; readonly dir: string }
  | { readonly kind: 'disabled' };

export interface MailConfig {
  readonly transport: MailTransportConfig;
  /** MAIL_FROM: required with SMTP; the outbox uses a placeholder. */
  readonly from: string;
  /** APP_URL without a trailing slash: links are `${appUrl}/verify-email?token=…`. Never from a Host header. */
  readonly appUrl: string;
  readonly productName: string;
  readonly linkTtlSeconds: {
    readonly emailVerification: number;
    readonly passwordReset: number;
    readonly emailChange: number;
  };
  /** REQUIRE_VERIFIED_EMAIL: no tokens for an account whose address is not verified. */
  readonly requireVerifiedEmail: boolean;
  /** NOTIFY_NEW_DEVICE: a mail when the account signs in from a device and network it has not used for 90 days. */
  readonly notifyNewDevice: boolean;
}

const MAX_LINK_TTL_SECONDS = 30 * 24 * 3600;

/** Reads and validates the mail settings, pushing one line per bad variable onto problems. */
export function readMailConfig(
  env: Env,
  context: { production: boolean; dataDir: string; publicUrl: string },
  problems: string[],
): MailConfig {
  const text = (name: keyof typeof MAIL_DEFAULTS): string => env[name]?.trim() || MAIL_DEFAULTS[name];
  const ttl = (name: 'EMAIL_VERIFICATION_TTL' | 'PASSWORD_RESET_TTL' | 'EMAIL_CHANGE_TTL'): number => {
    const seconds = parseDurationSeconds(text(name));
    if (seconds !== undefined && seconds >= 60 && seconds <= MAX_LINK_TTL_SECONDS) return seconds;
    problems.push(`${name} must be a duration from 1m to 30d such as 30m or 24h (got "${text(name)}")`);
    return parseDurationSeconds(MAIL_DEFAULTS[name]) as number;
  };

  const mode = text('MAIL_TRANSPORT').toLowerCase();
  if (mode !== 'auto' && mode !== 'disabled') problems.push(`MAIL_TRANSPORT must be auto or disabled (got "${env.MAIL_TRANSPORT}")`);
  const smtpUrl = env.SMTP_URL?.trim() || undefined;
  if (smtpUrl && !isSmtpUrl(smtpUrl)) {
    // Never echoed: the URL may carry the SMTP password.
    problems.push('SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465');
  }
  const from = env.MAIL_FROM?.trim() || undefined;
  if (from && !isMailbox(from)) {
    problems.push(`MAIL_FROM must be an address such as no-reply@example.com or "Example <no-reply@example.com>" (got ${JSON.stringify(from)})`);
  }

  let transport: MailTransportConfig;
  if (mode === 'disabled') {
    transport = { kind: 'disabled' };
  } else if (smtpUrl) {
    if (!from) problems.push('MAIL_FROM is required with SMTP_URL');
    transport = { kind: 'smtp', url: smtpUrl };
  } else if (context.production) {
    // A production server that silently writes reset links to its disk would strand every user.
    problems.push('SMTP_URL is required when NODE_ENV=production (or set MAIL_TRANSPORT=disabled: verification, password reset and email change then answer SERVICE_UNAVAILABLE)');
    transport = { kind: 'disabled' };
  } else {
    transport = { kind: 'outbox', dir: `${context.dataDir.replace(/\/+$/, '')}/outbox` };
  }

  const requireText = text('REQUIRE_VERIFIED_EMAIL').toLowerCase();
  if (requireText !== 'true' && requireText !== 'false') {
    problems.push(`REQUIRE_VERIFIED_EMAIL must be true or false (got "${env.REQUIRE_VERIFIED_EMAIL}")`);
  }
  const requireVerifiedEmail = requireText === 'true';
  if (requireVerifiedEmail && transport.kind === 'disabled' && mode === 'disabled') {
    problems.push('REQUIRE_VERIFIED_EMAIL=true needs mail: it cannot be used with MAIL_TRANSPORT=disabled (no one could verify)');
  }

  const notifyText = text('NOTIFY_NEW_DEVICE').toLowerCase();
  if (notifyText !== 'true' && notifyText !== 'false') {
    problems.push(`NOTIFY_NEW_DEVICE must be true or false (got "${env.NOTIFY_NEW_DEVICE}")`);
  }

  const productName = text('MAIL_PRODUCT_NAME');
  if (/[\r\n<>]/.test(productName) || productName.length > 100) {
    problems.push('MAIL_PRODUCT_NAME must be one line of at most 100 characters, without < or >');
  }

  return {
    transport,
    from: from ?? `${productName} <no-reply@localhost>`,
    appUrl: readAppUrl(env, context.publicUrl, problems),
    productName,
    linkTtlSeconds: {
      emailVerification: ttl('EMAIL_VERIFICATION_TTL'),
      passwordReset: ttl('PASSWORD_RESET_TTL'),
      emailChange: ttl('EMAIL_CHANGE_TTL'),
    },
    requireVerifiedEmail,
    notifyNewDevice: notifyText !== 'false',
  };
}

/** APP_URL: the web app that serves the pages links open; PUBLIC_URL when unset. A path prefix is allowed. */
function readAppUrl(env: Env, publicUrl: string, problems: string[]): string {
  const text = env.APP_URL?.trim();
  if (!text) return publicUrl;
  let url: URL | undefined;
  try {
    url = new URL(text);
  } catch {
    url = undefined;
  }
  if (!url || !['http:', 'https:'].includes(url.protocol) || url.search || url.hash || url.username || url.password
    || text.includes('?') || text.includes('#')) {
    problems.push(`APP_URL must be an absolute http(s) URL such as https://app.example.com, without a query or credentials (got "${text}")`);
    return publicUrl;
  }
  return `${url.origin}${url.pathname.replace(/\/+$/, '')}`;
}

function isSmtpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'smtp:' || url.protocol === 'smtps:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** `local@domain` or `Display Name <local@domain>`, on one line. */
const isMailbox = (text: string): boolean =>
  !/[\r\n]/.test(text) && /^(?:[^<>@]*<[^\s<>@]+@[^\s<>@]+\.?[^\s<>@]*>|[^\s<>@]+@[^\s<>@]+)$/.test(text);
