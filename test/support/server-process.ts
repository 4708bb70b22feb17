import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import net from 'node:net';
import path from 'node:path';
import { ROOT } from './built-app';

const READY = /tokengate ready at (http:\/\/\S+?\/graphql)/;
const START_TIMEOUT_MS = 30_000;

export interface ServerProcess {
  child: ChildProcess;
  port: number;
  /** Every stdout line so far (pino JSON lines). */
  output(): string[];
  /** Resolves with the GraphQL URL once the server logs that it is ready. */
  ready(): Promise<string>;
  stop(): Promise<void>;
}

/** A free TCP port, found by listening on port 0 and closing again. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** True when something accepts TCP connections on the port. */
export function acceptsConnections(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/**
 * Starts `node <build>/index.js`, the real start-up, with the in-memory store and test-start-up-hooks.cjs
 * preloaded (seeded users, a held lookup: see that file). Only the given environment reaches the server.
 */
export async function startServerProcess(build: string, env: Record<string, string>): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['-r', path.join(__dirname, 'start-up-hooks.cjs'), path.join(build, 'index.js')], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'test',
      STORE: 'memory',
      JWT_SECRET: randomBytes(32).toString('hex'),
      BCRYPT_COST: '4',
      ARGON2_MEMORY_KIB: '1024',
      ARGON2_TIME_COST: '1',
      LOG_LEVEL: 'info',
      // No outbox files from start-up tests; a test that is about mail sets it.
      MAIL_TRANSPORT: 'disabled',
      // stop() sends SIGTERM: no readiness delay unless a test asks for one (test/ops/shutdown-delay.test.ts).
      SHUTDOWN_DELAY: '0',
      TOKENGATE_HOOK_BUILD: build,
      ...env,
      PORT: String(port),
    },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const lines: string[] = [];
  let pending = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const parts = (pending + chunk.toString('utf8')).split('\n');
    pending = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));

  const ready = new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`not ready within ${START_TIMEOUT_MS} ms:\n${lines.join('\n')}\n${stderr}`)), START_TIMEOUT_MS);
    const check = () => {
      const match = lines.map((line) => READY.exec(line)).find(Boolean);
      if (match) {
        clearTimeout(timer);
        resolve(match[1].replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with code ${code}:\n${lines.join('\n')}\n${stderr}`));
    });
  });
  ready.catch(() => undefined); // observed by whoever awaits ready()

  return {
    child,
    port,
    output: () => [...lines],
    ready: () => ready,
    stop: () =>
      new Promise<void>((resolve) => {
        process.off('exit', killOnExit);
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
        setTimeout(() => child.kill('SIGKILL'), 5_000).unref();
      }),
  };
}
