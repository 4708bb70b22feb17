import { useBuiltApp } from '../support/built-app';
import { acceptsConnections, startServerProcess, type ServerProcess } from '../support/server-process';

const status = async (url: URL | string, init?: RequestInit): Promise<number> => (await fetch(url, init)).status;
const exitOf = (server: ServerProcess) => new Promise<number | null>((resolve) => server.child.once('exit', (code) => resolve(code)));
const graphql = { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// The real process and real signals: what a load balancer and an orchestrator see while tokengate stops.
describe('SIGTERM: unready for SHUTDOWN_DELAY while still serving, then the drain', () => {
  const build = useBuiltApp();
  let running: ServerProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test('readiness answers 503 at once, requests are served through the delay, then the process stops', async () => {
    running = await startServerProcess(build(), { SHUTDOWN_DELAY: '3s' });
    const url = await running.ready();
    expect(await status(new URL('/health/ready', url))).toBe(200);
    const exited = exitOf(running);
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    await sleep(300);

    expect(await status(new URL('/health/ready', url))).toBe(503);
    expect(await status(new URL('/health/live', url))).toBe(200);
    expect(await status(url, graphql)).toBe(200); // new connections are still accepted
    await sleep(1000);
    expect(await status(url, graphql)).toBe(200);

    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(3000);
    expect(await acceptsConnections(running.port)).toBe(false);
    const said = running.output().map((line) => JSON.parse(line).msg as string);
    expect(said).toContain('SIGTERM received: not ready (GET /health/ready answers 503) for 3000 ms while still serving, then draining');
  });

  test('a second SIGTERM during the delay drains at once', async () => {
    running = await startServerProcess(build(), { SHUTDOWN_DELAY: '60s' });
    await running.ready();
    const exited = exitOf(running);
    const signalled = Date.now();
    running.child.kill('SIGTERM');
    await sleep(300);
    running.child.kill('SIGTERM');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(15_000);
  });

  test('SIGINT (Ctrl-C in a terminal) does not wait for SHUTDOWN_DELAY', async () => {
    running = await startServerProcess(build(), { SHUTDOWN_DELAY: '60s' });
    await running.ready();
    const exited = exitOf(running);
    const signalled = Date.now();
    running.child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(15_000);
  });
});
