import { randomBytes } from 'node:crypto';
import { useBuiltApp } from '../support/built-app';
import { postGraphQL } from '../support/test-server';
import { REGISTER } from '../support/operations';
import { startServerProcess, type ServerProcess } from '../support/server-process';
import { BEGIN } from './support/mfa-operations';

// The real start-up (node <build>/index.js) in production: what happens to 2FA without DATA_ENCRYPTION_KEY.
describe('2FA at start-up, NODE_ENV=production', () => {
  const build = useBuiltApp();
  let running: ServerProcess | undefined;
  afterEach(async () => {
    await running?.stop();
    running = undefined;
  });
  const production = { NODE_ENV: 'production' };

  test('without DATA_ENCRYPTION_KEY: starts, logs that 2FA is unavailable, and beginTotpEnrollment answers SERVICE_UNAVAILABLE naming the variable', async () => {
    running = await startServerProcess(build(), production);
    const url = await running.ready();
    expect(running.output().find((line) => line.includes('two-factor authentication is unavailable'))).toMatch(/DATA_ENCRYPTION_KEY is not set/);
    const registered = await postGraphQL<any>(url, REGISTER, { input: { email: 'ada@example.com', password: 'correct horse battery' } });
    const response = await postGraphQL<any>(url, BEGIN, {}, { token: registered.body.data.register.accessToken });
    expect(response.status).toBe(503);
    expect(response.body.errors?.[0]).toMatchObject({ message: expect.stringContaining('DATA_ENCRYPTION_KEY'), extensions: { code: 'SERVICE_UNAVAILABLE' } });
  });

  test('with a key: starts without that warning, and enrollment works', async () => {
    running = await startServerProcess(build(), { ...production, DATA_ENCRYPTION_KEY: randomBytes(32).toString('base64') });
    const url = await running.ready();
    expect(running.output().join('\n')).not.toContain('unavailable');
    const registered = await postGraphQL<any>(url, REGISTER, { input: { email: 'ada@example.com', password: 'correct horse battery' } });
    const response = await postGraphQL<any>(url, BEGIN, {}, { token: registered.body.data.register.accessToken });
    expect(response.body.data?.beginTotpEnrollment.secret).toMatch(/^[A-Z2-7]+$/);
  });

  test('without a key but with MFA_REQUIRED_FOR_ROLES: refuses to start, one line naming the variable', async () => {
    running = await startServerProcess(build(), { ...production, MFA_REQUIRED_FOR_ROLES: 'ADMIN' });
    await expect(running.ready()).rejects.toThrow(/exited with code 1:[\s\S]*DATA_ENCRYPTION_KEY is required when MFA_REQUIRED_FOR_ROLES is set/);
  });

  test.each([
    ['DATA_ENCRYPTION_KEY', 'too-short'],
    ['DATA_ENCRYPTION_KEY', randomBytes(16).toString('hex')],
    ['DATA_ENCRYPTION_PREVIOUS_KEYS', `${randomBytes(32).toString('hex')},nope`],
  ])('a malformed %s stops the start with one line naming it', async (name, value) => {
    running = await startServerProcess(build(), { ...production, DATA_ENCRYPTION_KEY: randomBytes(32).toString('hex'), [name]: value });
    const failure = await running.ready().then(() => '', (error: Error) => error.message);
    const lines = failure.split('\n').filter((line) => line.includes(name));
    expect(failure).toMatch(/exited with code 1/);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('must be');
    expect(failure).not.toContain(value);
  });
});
