#!/usr/bin/env node
// End-to-end: the example app (examples/web) in Debian's headless Chromium against the real tokengate.
// Builds both, then runs the flows once per refresh-token mode. `npm run test:e2e`; E2E_SKIP_BUILD=1 reuses
// the builds; E2E_SERVER_ROOT=/path/to/tokengate tests against another checkout; E2E_FLOWS=lookFlow,adminFlow runs
// only those flows (refusedRefreshFlow logs in the user sessionFlow registers: run them together).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { adminFlow } from './flows/admin-flow.mjs';
import { lockoutFlow } from './flows/lockout-flow.mjs';
import { lookFlow } from './flows/look-flow.mjs';
import { mfaFlow } from './flows/mfa-flow.mjs';
import { realtimeFlow } from './flows/realtime-flow.mjs';
import { refusedRefreshFlow } from './flows/refused-refresh-flow.mjs';
import { sessionFlow } from './flows/session-flow.mjs';
import { screenshotter } from './flows/ui.mjs';
import { emailFlow } from './flows/email-flow.mjs';
import { startAppServer } from './support/app-server.mjs';
import { CHROMIUM, openBrowser } from './support/browser.mjs';
import * as api from './support/graphql-http.mjs';
import { FlowAborted, Reporter } from './support/reporter.mjs';
import { startSmtpInbox } from './support/smtp-inbox.mjs';
import { startTokengate } from './support/tokengate-process.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
// Another tokengate checkout to test the app against (built there with `npm run build`); default: this one.
const SERVER_ROOT = process.env.E2E_SERVER_ROOT ?? ROOT;
const WEB = join(ROOT, 'examples/web');
const RESULTS = join(ROOT, 'test-results/e2e');
// Eight flows in two modes take about 3.5 minutes here; other engineers share the two cores.
const OVERALL_TIMEOUT_MS = 8 * 60_000;
const ALL_FLOWS = [sessionFlow, adminFlow, refusedRefreshFlow, lockoutFlow, mfaFlow, emailFlow, lookFlow, realtimeFlow];
const FLOWS = selectFlows(process.env.E2E_FLOWS);

function selectFlows(names) {
  if (!names) return ALL_FLOWS;
  const unknown = names.split(',').filter((name) => !ALL_FLOWS.some((flow) => flow.name === name));
  if (unknown.length > 0) throw new Error(`E2E_FLOWS: no flow named ${unknown.join(', ')} (${ALL_FLOWS.map((flow) => flow.name).join(', ')})`);
  return ALL_FLOWS.filter((flow) => names.split(',').includes(flow.name));
}

const reporter = new Reporter();
const cleanups = [];

async function main() {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} not found: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  if (!existsSync(join(WEB, 'node_modules'))) throw new Error('examples/web has no node_modules: run `npm ci` in examples/web');
  // Only this run's screenshots and logs: an old run's files would pass for this one's.
  rmSync(RESULTS, { recursive: true, force: true });
  mkdirSync(RESULTS, { recursive: true });
  if (process.env.E2E_SKIP_BUILD !== '1') {
    reporter.section('Build');
    run('npm', ['run', 'build', '--silent'], SERVER_ROOT);
    run('npm', ['run', 'build', '--silent'], WEB);
  }
  await runMode({ mode: 'bearer', env: {} });
  await runMode({ mode: 'cookie', env: { REFRESH_TOKEN_COOKIE: 'true' } });
}

function run(command, args, cwd) {
  const started = Date.now();
  execFileSync(command, args, { cwd, stdio: ['ignore', 'ignore', 'inherit'] });
  console.log(`  built ${cwd === WEB ? 'examples/web' : `tokengate in ${cwd}`} (${Date.now() - started} ms)`);
}

/** One server configuration, one browser, every flow; a failed flow does not stop the next one. */
async function runMode({ mode, env }) {
  const admin = { email: `admin-${mode}@example.com`, password: 'admin password 1' };
  const user = { email: `ada-${mode}@example.com`, password: 'correct horse battery' };
  // The lockout flow throttles its email: an account of its own, so the other flows can still log in.
  const owner = { email: `owner-${mode}@example.com`, password: 'correct horse battery' };
  const cookieRequested = mode === 'cookie';
  reporter.section(`Mode: ${mode} (refresh token ${cookieRequested ? 'in an HttpOnly cookie' : 'in sessionStorage'})`);

  // Mail goes to a real SMTP server here, and its links to the app: APP_URL is the app server's, started first.
  const inbox = await startSmtpInbox();
  cleanups.push(inbox.stop);
  const app = await startAppServer({ distDir: join(WEB, 'dist') });
  cleanups.push(app.stop);
  const server = await startTokengate({
    rootDir: SERVER_ROOT,
    env: {
      ...env,
      ADMIN_EMAIL: admin.email,
      ADMIN_PASSWORD: admin.password,
      SMTP_URL: inbox.url,
      MAIL_FROM: 'tokengate <no-reply@example.com>',
      APP_URL: app.url,
      // The app's pages open the subscriptions' WebSocket with this Origin (through the app server's proxy).
      CORS_ORIGINS: app.url,
    },
    logFile: join(RESULTS, `tokengate-${mode}.log`),
  });
  cleanups.push(server.stop);
  app.proxyTo(server.url);
  try {
    if (cookieRequested) {
      const probe = await api.register(server.url, { email: `probe-${Date.now()}@example.com`, password: 'probe password 1' });
      if (probe.refreshToken !== null) {
        reporter.skip('cookie mode flows', 'with REFRESH_TOKEN_COOKIE=true login still returns refreshToken (server has no cookie mode yet)');
        return;
      }
    }
    const browser = await openBrowser();
    cleanups.push(browser.close);
    const shot = screenshotter(join(RESULTS, mode));
    const shared = { reporter, context: browser.context, appUrl: app.url, graphqlUrl: server.url, cookieMode: cookieRequested, shot, mode, inbox };
    for (const flow of FLOWS) {
      try {
        await flow({ ...shared, admin, user, owner });
      } catch (error) {
        if (!(error instanceof FlowAborted)) reporter.fail(`${mode}: ${flow.name}`, error);
      }
    }
  } finally {
    while (cleanups.length > 0) await cleanups.pop()();
  }
}

// Ctrl-C: exit through 'exit', where the child servers are killed.
for (const signal of ['SIGINT', 'SIGTERM']) process.once(signal, () => process.exit(130));

const watchdog = setTimeout(() => {
  reporter.fail('e2e', new Error(`did not finish within ${OVERALL_TIMEOUT_MS / 1000} s`));
  process.exit(reporter.summary());
}, OVERALL_TIMEOUT_MS);

main()
  .catch((error) => reporter.fail('e2e setup', error))
  .finally(async () => {
    while (cleanups.length > 0) await cleanups.pop()().catch(() => undefined);
    clearTimeout(watchdog);
    console.log(`Screenshots and server logs: ${RESULTS}`);
    process.exitCode = reporter.summary();
  });
