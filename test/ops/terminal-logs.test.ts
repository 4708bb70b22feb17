import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import { ROOT, useBuiltApp } from '../support/built-app';
import { freePort } from '../support/server-process';

/** util-linux `script` gives the server a pseudo-terminal as stdout, as `npm start` in a terminal has. */
const hasScript = (() => {
  try {
    execFileSync('script', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const HIDE_PINO_PRETTY = `--require ${path.join(__dirname, '../support/hide-pino-pretty.cjs')}`;

/** Runs the built server on a terminal until it says it is ready; returns what the terminal showed. */
async function startInTerminal(build: string, env: Record<string, string>): Promise<string> {
  const port = await freePort();
  const child: ChildProcess = spawn('script', ['-qefc', `exec ${JSON.stringify(process.execPath)} ${JSON.stringify(path.join(build, 'index.js'))}`, '/dev/null'], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, SHELL: '/bin/sh', STORE: 'memory', JWT_SECRET: randomBytes(32).toString('hex'), SHUTDOWN_DELAY: '0', PORT: String(port), ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let screen = '';
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`not ready within 30 s:\n${screen}`)), 30_000);
      child.stdout!.on('data', (chunk: Buffer) => {
        screen += chunk.toString('utf8');
        if (screen.includes('tokengate ready at')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('exit', (code) => reject(new Error(`exited with ${code}:\n${screen}`)));
    });
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  return screen;
}

const testWithTerminal = hasScript ? test : test.skip;

describe(`logs on a terminal${hasScript ? '' : ' (SKIPPED: util-linux `script` is not installed)'}`, () => {
  const build = useBuiltApp();

  testWithTerminal('NODE_ENV=development on a terminal: pretty lines, not JSON', async () => {
    const screen = await startInTerminal(build(), { NODE_ENV: 'development' });
    expect(screen).toMatch(/INFO.*tokengate ready at http/);
    expect(screen).not.toContain('{"level"');
  });

  testWithTerminal('LOG_FORMAT=json on a terminal in development: JSON', async () => {
    const screen = await startInTerminal(build(), { NODE_ENV: 'development', LOG_FORMAT: 'json' });
    expect(screen).toMatch(/\{"level":30,.*"msg":"tokengate ready at http/);
  });

  testWithTerminal('NODE_ENV=production on a terminal: JSON', async () => {
    const screen = await startInTerminal(build(), { NODE_ENV: 'production', MAIL_TRANSPORT: 'disabled' });
    expect(screen).toMatch(/\{"level":30,.*"msg":"tokengate ready at http/);
  });

  testWithTerminal('development on a terminal without pino-pretty installed: JSON, no refusal', async () => {
    const screen = await startInTerminal(build(), { NODE_ENV: 'development', NODE_OPTIONS: HIDE_PINO_PRETTY });
    expect(screen).toMatch(/\{"level":30,.*"msg":"tokengate ready at http/);
  });
});
