import { Writable } from 'node:stream';
import pino from 'pino';
import { loadConfig } from '../../src/config/config';
import { ManualClock } from '../../src/lib/clock';
import { startHttpServer } from '../../src/server/http-server';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import { uniqueEmail } from '../support/operations';
import { postGraphQL, TEST_ENV } from '../support/test-server';

// The device token is a secret of the device: it must never reach a log line, even when its budget runs out.
const LOGIN = 'mutation Login($input: LoginInput!) { login(input: $input) { deviceToken } }';
const REGISTER = 'mutation Register($input: RegisterInput!) { register(input: $input) { deviceToken } }';

test('device tokens never appear in the log; a throttled device is logged by its token id only', async () => {
  const output: string[] = [];
  const logger = pino({ level: 'trace' }, new Writable({ write: (chunk, _encoding, done) => (output.push(String(chunk)), done()) }));
  const stores = createMemoryStores(new ManualClock());
  const config = loadConfig({ ...TEST_ENV, LOG_LEVEL: 'trace', RATE_LIMIT_LOGIN_PER_DEVICE: '2/15m' });
  const server = await startHttpServer({ config, stores, clock: new ManualClock(), logger });
  try {
    const email = uniqueEmail('logged');
    const password = 'a password for the log test';
    const registered = (await postGraphQL<any>(server.url, REGISTER, { input: { email, password } })).body.data.register.deviceToken as string;
    const loggedIn = (await postGraphQL<any>(server.url, LOGIN, { input: { email, password, deviceToken: registered } })).body.data.login
      .deviceToken as string;
    for (let i = 0; i < 3; i++) {
      await postGraphQL(server.url, LOGIN, { input: { email, password: 'wrong', deviceToken: loggedIn } });
    }

    const lines = output.map((text) => JSON.parse(text) as Record<string, unknown>);
    const [, payload, signature] = loggedIn.split('.');
    const jti = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { jti: string }).jti;
    expect(lines.filter((line) => line.event === 'rate_limited')).toEqual([expect.objectContaining({ limit: 'loginPerDevice', key: jti })]);
    const text = output.join('');
    for (const secret of [registered, loggedIn, signature, registered.split('.')[2]]) expect(text).not.toContain(secret);
  } finally {
    await server.stop();
    await stores.close();
  }
});
