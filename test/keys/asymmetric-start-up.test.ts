import { useBuiltApp } from '../support/built-app';
import { startServerProcess, type ServerProcess } from '../support/server-process';

// The real start-up (node dist/index.js) with an asymmetric algorithm: what it logs, and what it refuses.
describe('starting with JWT_ALGORITHM=ES256', () => {
  const build = useBuiltApp();
  let running: ServerProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });

  test('logs which key signs access tokens, and serves its JWKS', async () => {
    running = await startServerProcess(build(), { JWT_ALGORITHM: 'ES256' });
    const url = await running.ready();
    const line = running.output().find((entry) => entry.includes('access tokens are signed with key'));
    expect(line).toMatch(/ES256 access tokens are signed with key [A-Za-z0-9_-]{43}, generated in memory/);
    const jwks = (await (await fetch(new URL('/.well-known/jwks.json', url))).json()) as { keys: Array<{ kid: string }> };
    expect(line).toContain(jwks.keys[0].kid);
  });

  test('production without a key refuses to start, with one line naming the variables', async () => {
    running = await startServerProcess(build(), { NODE_ENV: 'production', JWT_ALGORITHM: 'ES256' });
    await expect(running.ready()).rejects.toThrow(
      /exited with code 1:[\s\S]*JWT_PRIVATE_KEY_FILE or JWT_PRIVATE_KEY is required when NODE_ENV=production and JWT_ALGORITHM=ES256/,
    );
  });
});
