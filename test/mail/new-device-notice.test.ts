import { errorOf, LOGIN, REGISTER, uniqueEmail } from '../support/operations';
import type { ReceivedMail } from '../support/smtp-server';
import { CHROME_WINDOWS, FIREFOX_LINUX } from '../sessions/support/session-operations';
import { BEGIN, codeAt, COMPLETE, CONFIRM, nextStep } from '../mfa/support/mfa-operations';
import { type MailTestServer, startMailTestServer } from './support/mail-test-server';

// NOTIFY_NEW_DEVICE (default true): a mail when the account signs in from a device (browser family and OS) and
// /24 or /48 network pair it has not used in the last 90 days. TRUST_PROXY=1: X-Forwarded-For sets the client IP.
const NEW_DEVICE = /^New sign-in to your .* account$/;
const DAY = 86_400;
const FIREFOX_129_LINUX = FIREFOX_LINUX.replace(/128\.0/g, '129.0');
const PASSWORD = 'correct horse battery';

const from = (ip: string, userAgent: string) => ({ headers: { 'x-forwarded-for': ip, 'user-agent': userAgent } });

describe('sign-in from a new device', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer({ TRUST_PROXY: '1' });
  });
  afterAll(() => server?.stop());
  afterEach(() => jest.restoreAllMocks());

  /** Every new-device mail to the address, once the queue is idle. */
  const noticesTo = async (email: string): Promise<ReceivedMail[]> => {
    await server.mailIdle();
    return server.smtp.received.filter((mail) => mail.to.includes(email) && NEW_DEVICE.test(mail.subject));
  };
  const register = async (ip = '198.51.100.7', userAgent = FIREFOX_LINUX) => {
    const email = uniqueEmail('device');
    const response = await server.gql(REGISTER, { input: { email, password: PASSWORD } }, from(ip, userAgent));
    expect(response.body.data?.register.accessToken).toEqual(expect.any(String));
    await server.mailIdle();
    return { email, userId: response.body.data!.register.user.id as string };
  };
  const login = async (email: string, ip: string, userAgent: string) => {
    const response = await server.gql(LOGIN, { input: { email, password: PASSWORD } }, from(ip, userAgent));
    expect(response.body.data?.login.accessToken).toEqual(expect.any(String));
    return response.body.data!.login as { accessToken: string; refreshToken: string };
  };

  test('register is the first device: no mail; the same browser family and network later: none either', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    // Another address in the same /24, and a browser update: the same device and network.
    await login(email, '198.51.100.200', FIREFOX_129_LINUX);
    await login(email, '198.51.100.7', FIREFOX_LINUX);
    expect(await noticesTo(email)).toEqual([]);
  });

  test('another device on the same network: one mail naming the device, the network and the time, never a token', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    const pair = await login(email, '198.51.100.8', CHROME_WINDOWS);
    const [notice, ...more] = await noticesTo(email);
    expect(more).toEqual([]);
    expect(notice.text).toContain('Device: Chrome 120 on Windows 10');
    expect(notice.text).toContain('Network: 198.51.100.0/24');
    const minute = new Date(server.clock.now()).toISOString().slice(0, 16).replace('T', ' ');
    expect(notice.text).toContain(`Time: ${minute} UTC`);
    expect(notice.html).toContain('Chrome 120 on Windows 10');
    for (const secret of [pair.accessToken, pair.refreshToken, PASSWORD]) {
      expect(notice.text).not.toContain(secret);
      expect(notice.html).not.toContain(secret);
    }
    expect(notice.text).not.toMatch(/token=|198\.51\.100\.8\b/);

    // Known from now on: the second sign-in from it sends nothing.
    await login(email, '198.51.100.9', CHROME_WINDOWS);
    expect(await noticesTo(email)).toHaveLength(1);
  });

  test('the same device on another network is new: an IPv4 /24 and an IPv6 /48', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    await login(email, '203.0.113.50', FIREFOX_LINUX);
    await login(email, '2001:db8:abcd:12::1', FIREFOX_LINUX);
    // Same /48, another /64: the same network.
    await login(email, '2001:db8:abcd:99::2', FIREFOX_LINUX);
    const notices = await noticesTo(email);
    expect(notices.map((mail) => /Network: (\S+)/.exec(mail.text)?.[1])).toEqual(['203.0.113.0/24', '2001:db8:abcd::/48']);
  });

  test('a pair unused for 90 days is new again; one used within them is not', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    server.clock.advanceSeconds(89 * DAY);
    await login(email, '198.51.100.7', FIREFOX_LINUX);
    // 89 days after the register, 1 after the last sign-in: the record counts from the last one.
    server.clock.advanceSeconds(89 * DAY);
    await login(email, '198.51.100.7', FIREFOX_LINUX);
    expect(await noticesTo(email)).toEqual([]);
    server.clock.advanceSeconds(90 * DAY);
    await login(email, '198.51.100.7', FIREFOX_LINUX);
    expect(await noticesTo(email)).toHaveLength(1);
  });

  test('with 2FA: the password step alone sends nothing; completeMfaLogin from a new device does', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    const first = await login(email, '198.51.100.7', FIREFOX_LINUX);
    const secret = (await server.gql(BEGIN, {}, { token: first.accessToken })).body.data!.beginTotpEnrollment.secret as string;
    await server.gql(CONFIRM, { code: codeAt(server, secret) }, { token: first.accessToken });
    nextStep(server);

    const passwordStep = await server.gql(LOGIN, { input: { email, password: PASSWORD } }, from('203.0.113.50', CHROME_WINDOWS));
    const mfaToken = errorOf(passwordStep).extensions.mfaToken as string;
    expect(await noticesTo(email)).toEqual([]);
    const completed = await server.gql(COMPLETE, { mfaToken, code: codeAt(server, secret) }, from('203.0.113.50', CHROME_WINDOWS));
    expect(completed.body.data?.completeMfaLogin.accessToken).toEqual(expect.any(String));
    const [notice, ...more] = await noticesTo(email);
    expect(more).toEqual([]);
    expect(notice.text).toContain('Device: Chrome 120 on Windows 10');
    expect(notice.text).toContain('Network: 203.0.113.0/24');
    expect(notice.text).not.toContain(mfaToken);
  });

  test('a slow store never delays the answer: the record and the mail come after it', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    const store = server.stores.signInDevices;
    const realRemember = store.remember.bind(store);
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    jest.spyOn(store, 'remember').mockImplementation(async (sighting) => (await released, realRemember(sighting)));
    const started = Date.now();
    await login(email, '203.0.113.61', CHROME_WINDOWS);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(server.smtp.received.filter((mail) => mail.to.includes(email) && NEW_DEVICE.test(mail.subject))).toEqual([]);
    release();
    expect(await noticesTo(email)).toHaveLength(1);
  });

  test('a store failure never changes the answer: it is retried, and the mail still goes out once', async () => {
    const { email } = await register('198.51.100.7', FIREFOX_LINUX);
    jest.spyOn(server.stores.signInDevices, 'remember').mockRejectedValueOnce(new Error('store down'));
    await login(email, '203.0.113.62', CHROME_WINDOWS);
    expect(await noticesTo(email)).toHaveLength(1);
    expect(server.logs().some((line) => line.includes('mail new_device_notice failed (attempt 1'))).toBe(true);
  });
});

describe('NOTIFY_NEW_DEVICE=false', () => {
  let server: MailTestServer;
  beforeAll(async () => {
    server = await startMailTestServer({ TRUST_PROXY: '1', NOTIFY_NEW_DEVICE: 'false' });
  });
  afterAll(() => server?.stop());

  test('no mail and nothing recorded, whatever the device', async () => {
    const remember = jest.spyOn(server.stores.signInDevices, 'remember');
    const email = uniqueEmail('quiet');
    await server.gql(REGISTER, { input: { email, password: PASSWORD } }, from('198.51.100.7', FIREFOX_LINUX));
    const response = await server.gql(LOGIN, { input: { email, password: PASSWORD } }, from('203.0.113.50', CHROME_WINDOWS));
    expect(response.body.data?.login.accessToken).toEqual(expect.any(String));
    await server.mailIdle();
    expect(server.smtp.received.filter((mail) => mail.to.includes(email) && NEW_DEVICE.test(mail.subject))).toEqual([]);
    expect(remember).not.toHaveBeenCalled();
  });
});
