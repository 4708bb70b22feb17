import { spawn } from 'node:child_process';
import { createServer } from 'node:net';

/** Generous: a start takes about a second on a quiet machine, far longer on a busy shared one. */
const START_TIMEOUT_MS = 60_000;

/**
 * Starts a node program in a child process and resolves once a line of its output matches `ready`.
 * Its output is kept and printed only when it fails to start, or when it exits with an error later.
 *
 * @param {{ name: string, script: string, cwd: string, env: Record<string, string>, ready: RegExp }} options
 * @returns {Promise<{ match: RegExpExecArray, stop: () => Promise<void>, pid: number | undefined }>}
 */
export function startProcess({ name, script, cwd, env, ready }) {
  // Only what the program needs: a developer's own variables (MONGODB_URI, a .env's choices) stay out.
  const child = spawn(process.execPath, [script], { cwd, env: { PATH: process.env.PATH ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk));
  child.stderr.on('data', (chunk) => (output += chunk));

  const stop = () =>
    new Promise((resolve) => {
      process.off('exit', killOnExit);
      if (child.exitCode !== null || child.signalCode !== null) return resolve(undefined);
      child.once('exit', () => resolve(undefined));
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
    });

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`${name} did not start within ${START_TIMEOUT_MS / 1000} s:\n${output.slice(-2000)}`));
    }, START_TIMEOUT_MS);
    const onData = () => {
      const match = ready.exec(output);
      if (!match) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ match, stop, pid: child.pid });
    };
    child.stdout.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      if (code) console.error(`${name} exited with code ${code}:\n${output.slice(-2000)}`);
      reject(new Error(`${name} exited with code ${code} before it was ready`));
    });
  });
}

/** A port nobody listens on now: tokengate must come back on the same one after each restart of a rotation. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolve(port));
    });
  });
}
