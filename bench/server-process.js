'use strict';
// Starts the built server (dist/), or another server script, in its own child process and samples its RSS from /proc.
const { spawn } = require('node:child_process');
const { readFileSync } = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url, child, timeoutMs = 30_000) {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    if (child.exitCode !== null) throw new Error(`server exited with code ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('server did not become healthy in time');
}

/** RSS of a process in bytes, from /proc (Linux); undefined elsewhere. */
function rssOf(pid) {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Starts `node dist/index.js` with the given environment; resolves once /health answers 200.
 * `entry` runs another server script instead (the bare server of (6)), `nodeArgs` go before it
 * (e.g. --cpu-prof), and `input` is written to its stdin.
 */
async function startServer(env, { entry = path.join(ROOT, 'dist/index.js'), nodeArgs = [], input } = {}) {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, entry], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, ...env, PORT: String(port) },
    stdio: [input === undefined ? 'ignore' : 'pipe', 'inherit', 'inherit'],
  });
  if (input !== undefined) child.stdin.end(input);
  const base = `http://127.0.0.1:${port}`;
  await waitForHealth(`${base}/health`, child);
  return {
    url: `${base}/graphql`,
    pid: child.pid,
    rss: () => rssOf(child.pid),
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

module.exports = { startServer };
