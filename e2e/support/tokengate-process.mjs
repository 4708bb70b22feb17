// Starts the built tokengate (dist/index.js) in a child process on a free port and stops it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream } from 'node:fs';

const READY = /tokengate ready at (http:\/\/\S+?\/graphql)/;
const START_TIMEOUT_MS = 20_000;

/** Short access tokens so the flow can outlive one; a cheap bcrypt cost keeps logins fast. */
export const E2E_SERVER_ENV = {
  NODE_ENV: 'test',
  STORE: 'memory',
  PORT: '0',
  ACCESS_TOKEN_TTL: '3s',
  REFRESH_TOKEN_TTL: '1h',
  BCRYPT_COST: '4',
  LOG_LEVEL: 'info',
  // stop() sends SIGTERM: drain at once rather than stay unready for the default 5 s (README "Health probes").
  SHUTDOWN_DELAY: '0',
  // Every login comes from this machine, the lockout flow's stranger included: the per-IP limit must not be
  // what stops them. The per-email limit is the one that flow throttles (its EMAIL_BUDGET).
  RATE_LIMIT_LOGIN_PER_IP: '100/15m',
  RATE_LIMIT_LOGIN_PER_EMAIL: '10/15m',
};

/**
 * @param {{ rootDir: string, env: Record<string, string>, logFile: string }} options
 * @returns {Promise<{ url: string, stop: () => Promise<void> }>}
 */
export function startTokengate({ rootDir, env, logFile }) {
  const log = createWriteStream(logFile);
  // A log that cannot be written must not crash the run (and orphan the server): the output is also kept below.
  log.on('error', () => undefined);
  const child = spawn(process.execPath, ['dist/index.js'], {
    cwd: rootDir,
    // Only what the server needs, so a developer's MONGODB_URI or .env choices do not leak in.
    env: { PATH: process.env.PATH, HOME: process.env.HOME, JWT_SECRET: randomBytes(32).toString('hex'), ...E2E_SERVER_ENV, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Whatever ends this process (a crash included), the server must not outlive it.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  child.once('exit', () => process.off('exit', killOnExit));
  child.stdout.pipe(log);
  child.stderr.pipe(log);

  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });

  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`tokengate did not start within ${START_TIMEOUT_MS} ms; see ${logFile}`));
    }, START_TIMEOUT_MS);
    child.stdout.on('data', (chunk) => {
      output += chunk;
      const ready = READY.exec(output);
      if (ready) {
        clearTimeout(timer);
        resolve({ url: ready[1], stop });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`tokengate exited with code ${code} before it was ready; see ${logFile}:\n${output.slice(-800)}`));
    });
  });
}
