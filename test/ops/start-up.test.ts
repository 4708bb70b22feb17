import path from 'node:path';
import { useBuiltApp } from '../support/built-app';
import { freePort, startServerProcess, type ServerProcess } from '../support/server-process';

const HIDE_PINO_PRETTY = `--require ${path.join(__dirname, '../support/hide-pino-pretty.cjs')}`;
const isJson = (line: string): boolean => {
  try {
    return typeof JSON.parse(line) === 'object';
  } catch {
    return false;
  }
};

// The real start-up (node dist/index.js): what it says about metrics, which log format it writes, what it refuses.
describe('starting tokengate: metrics and log format', () => {
  const build = useBuiltApp();
  let running: ServerProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test('without METRICS_TOKEN or METRICS_PORT, the start-up log says metrics are off and how to turn them on', async () => {
    running = await startServerProcess(build(), {});
    const url = await running.ready();
    const line = running.output().find((entry) => entry.includes('metrics:'));
    expect(JSON.parse(line!).msg).toBe(
      'metrics: off (GET /metrics answers 404); set METRICS_TOKEN (Bearer, on this port) or METRICS_PORT (a port of its own, on METRICS_HOST) to serve them',
    );
    expect((await fetch(new URL('/metrics', url))).status).toBe(404);
  });

  test('with METRICS_PORT, the log names where they are, and they are there', async () => {
    const port = await freePort();
    running = await startServerProcess(build(), { METRICS_PORT: String(port) });
    await running.ready();
    const line = running.output().find((entry) => entry.includes('metrics:'));
    expect(JSON.parse(line!).msg).toBe(`metrics: GET http://127.0.0.1:${port}/metrics (not on the API port)`);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain('tokengate_http_request_duration_seconds');
  });

  test.each([
    [{ METRICS_TOKEN: 'too-short-for-a-token' }, 'METRICS_TOKEN must be at least 32 characters long (got 21)'],
    [{ LOG_FORMAT: 'xml' }, 'LOG_FORMAT must be one of json, pretty (got "xml")'],
    [{ METRICS_PORT: '0' }, 'METRICS_PORT must be a whole number from 1 to 65535 (got "0")'],
  ])('%j refuses to start with one line naming the variable', async (env, line) => {
    running = await startServerProcess(build(), env);
    const failure = await running.ready().then(() => '', (error: Error) => error.message);
    expect(failure).toMatch(/exited with code 1/);
    expect(failure).toContain(`  - ${line}`);
    expect(failure).not.toContain('too-short-for-a-token');
  });

  test('LOG_FORMAT=pretty where pino-pretty is not installed (a production install) refuses to start with one line', async () => {
    running = await startServerProcess(build(), { LOG_FORMAT: 'pretty', NODE_OPTIONS: HIDE_PINO_PRETTY });
    const failure = await running.ready().then(() => '', (error: Error) => error.message);
    expect(failure).toMatch(/exited with code 1/);
    expect(failure).toContain('  - LOG_FORMAT=pretty needs pino-pretty, a development dependency that is not installed here (npm install, or LOG_FORMAT=json)');
    expect(failure).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('without pino-pretty, unset LOG_FORMAT still starts, in JSON (the production image)', async () => {
    running = await startServerProcess(build(), { NODE_ENV: 'development', NODE_OPTIONS: HIDE_PINO_PRETTY });
    await running.ready();
    expect(running.output().filter(Boolean).every(isJson)).toBe(true);
  });

  test('LOG_FORMAT=pretty writes lines for a person, secrets still redacted', async () => {
    running = await startServerProcess(build(), { LOG_FORMAT: 'pretty' });
    await running.ready();
    const lines = running.output().filter(Boolean);
    expect(lines.some(isJson)).toBe(false);
    expect(lines.find((line) => line.includes('tokengate ready at'))).toMatch(/^\[\d\d:\d\d:\d\d\.\d{3}\] INFO: tokengate ready at http/);
  });

  test('NODE_ENV=development with stdout not a terminal (piped, as here): JSON', async () => {
    running = await startServerProcess(build(), { NODE_ENV: 'development' });
    await running.ready();
    const lines = running.output().filter(Boolean);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.every(isJson)).toBe(true);
  });
});
