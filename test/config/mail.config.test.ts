import { loadConfig } from '../../src/config/config';
import { useBuiltApp } from '../support/built-app';
import { configProblemsOf } from '../support/config-problems';
import { startServerProcess, type ServerProcess } from '../support/server-process';

const SECRET = 'a-config-test-secret-of-at-least-32-bytes';
const PRODUCTION = { NODE_ENV: 'production', STORE: 'memory', JWT_SECRET: SECRET } as const;
const SMTP = { SMTP_URL: 'smtps://mailer:s3cret-smtp-pass@smtp.example.com:465', MAIL_FROM: 'Example <no-reply@example.com>' } as const;
const NO_SMTP_LINE =
  'SMTP_URL is required when NODE_ENV=production (or set MAIL_TRANSPORT=disabled: verification, password reset and email change then answer SERVICE_UNAVAILABLE)';

describe('mail configuration', () => {
  test('defaults: the development outbox under DATA_DIR, links to PUBLIC_URL, the documented lifetimes', () => {
    expect(loadConfig({ DATA_DIR: '/srv/tg/', PUBLIC_URL: 'https://auth.example.com' }).mail).toEqual({
      transport: { kind: 'outbox', dir: '/srv/tg/outbox' },
      from: 'tokengate <no-reply@localhost>',
      appUrl: 'https://auth.example.com',
      productName: 'tokengate',
      linkTtlSeconds: { emailVerification: 86_400, passwordReset: 1800, emailChange: 3600 },
      requireVerifiedEmail: false,
      notifyNewDevice: true,
    });
  });

  test('reads every variable', () => {
    const mail = loadConfig({
      ...SMTP,
      APP_URL: 'https://app.example.com/account/',
      MAIL_PRODUCT_NAME: 'Example Cloud',
      EMAIL_VERIFICATION_TTL: '2d',
      PASSWORD_RESET_TTL: '15m',
      EMAIL_CHANGE_TTL: '2h',
      REQUIRE_VERIFIED_EMAIL: 'true',
      NOTIFY_NEW_DEVICE: 'false',
    }).mail;
    expect(mail).toEqual({
      transport: { kind: 'smtp', url: SMTP.SMTP_URL },
      from: SMTP.MAIL_FROM,
      appUrl: 'https://app.example.com/account',
      productName: 'Example Cloud',
      linkTtlSeconds: { emailVerification: 172_800, passwordReset: 900, emailChange: 7200 },
      requireVerifiedEmail: true,
      notifyNewDevice: false,
    });
  });

  test('production: SMTP_URL is required unless MAIL_TRANSPORT=disabled says so out loud', () => {
    expect(configProblemsOf(PRODUCTION)).toEqual([NO_SMTP_LINE]);
    expect(loadConfig({ ...PRODUCTION, MAIL_TRANSPORT: 'disabled' }).mail.transport).toEqual({ kind: 'disabled' });
    expect(loadConfig({ ...PRODUCTION, ...SMTP }).mail.transport.kind).toBe('smtp');
  });

  test.each([
    ['SMTP_URL without MAIL_FROM', { SMTP_URL: SMTP.SMTP_URL }, 'MAIL_FROM is required with SMTP_URL'],
    ['a MAIL_FROM that is not an address', { ...SMTP, MAIL_FROM: 'nobody' }, 'MAIL_FROM must be an address such as no-reply@example.com or "Example <no-reply@example.com>" (got "nobody")'],
    ['an APP_URL with a query', { APP_URL: 'https://app.example.com/?x=1' }, 'APP_URL must be an absolute http(s) URL such as https://app.example.com, without a query or credentials (got "https://app.example.com/?x=1")'],
    ['an unknown MAIL_TRANSPORT', { MAIL_TRANSPORT: 'sendmail' }, 'MAIL_TRANSPORT must be auto or disabled (got "sendmail")'],
    ['a reset lifetime under a minute', { PASSWORD_RESET_TTL: '30s' }, 'PASSWORD_RESET_TTL must be a duration from 1m to 30d such as 30m or 24h (got "30s")'],
    ['REQUIRE_VERIFIED_EMAIL=yes', { REQUIRE_VERIFIED_EMAIL: 'yes' }, 'REQUIRE_VERIFIED_EMAIL must be true or false (got "yes")'],
    ['NOTIFY_NEW_DEVICE=no', { NOTIFY_NEW_DEVICE: 'no' }, 'NOTIFY_NEW_DEVICE must be true or false (got "no")'],
    ['REQUIRE_VERIFIED_EMAIL without mail', { REQUIRE_VERIFIED_EMAIL: 'true', MAIL_TRANSPORT: 'disabled' },
      'REQUIRE_VERIFIED_EMAIL=true needs mail: it cannot be used with MAIL_TRANSPORT=disabled (no one could verify)'],
  ])('refuses %s with one line', (_label, env, line) => {
    expect(configProblemsOf(env)).toEqual([line]);
  });

  test('a bad SMTP_URL is refused without echoing it (it may carry the SMTP password)', () => {
    const problems = configProblemsOf({ SMTP_URL: 'http://mailer:s3cret-smtp-pass@smtp.example.com', MAIL_FROM: SMTP.MAIL_FROM });
    expect(problems).toEqual(['SMTP_URL must be an smtp:// or smtps:// URL such as smtps://user:pass@smtp.example.com:465']);
  });
});

// The real start-up (node dist/index.js): production without SMTP stops before the port opens.
describe('starting in production without SMTP_URL', () => {
  const build = useBuiltApp();
  let running: ServerProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test('refuses to start with one line naming SMTP_URL and MAIL_TRANSPORT', async () => {
    // MAIL_TRANSPORT empty: the start-up helper's default (disabled) taken away.
    running = await startServerProcess(build(), { NODE_ENV: 'production', MAIL_TRANSPORT: '' });
    await expect(running.ready()).rejects.toThrow(/exited with code 1:[\s\S]*SMTP_URL is required when NODE_ENV=production \(or set MAIL_TRANSPORT=disabled/);
  });

  test('starts with MAIL_TRANSPORT=disabled', async () => {
    running = await startServerProcess(build(), { NODE_ENV: 'production', MAIL_TRANSPORT: 'disabled' });
    await expect(running.ready()).resolves.toMatch(/^http:\/\/.*\/graphql$/);
  });
});
