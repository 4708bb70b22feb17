import { testPasswordHasher } from '../support/password-hashing';
import { errorOf, LOGIN, REGISTER } from '../support/operations';
import { startTestServer, type TestServer } from '../support/test-server';

// Issue 11, item 8: look-alike and invisible addresses must not register as separate accounts.
const PASSWORD = 'correct horse battery';
let counter = 0;
/** A fresh local part per test, so registrations never collide across tests. */
const fresh = (prefix = 'ada'): string => `${prefix}${Date.now().toString(36)}${++counter}`;

describe('email look-alikes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer({ env: { TRUST_PROXY: '1', RATE_LIMIT_LOGIN_PER_EMAIL: '3/15m' } });
  });
  afterAll(() => server?.stop());

  const register = (email: string) => server.gql(REGISTER, { input: { email, password: PASSWORD } });
  const login = (email: string, password = PASSWORD, headers: Record<string, string> = {}) =>
    server.gql(LOGIN, { input: { email, password } }, { headers });

  test.each([
    ['a zero-width space', (l: string) => `${l}\u200b@example.com`, /invisible/],
    ['a zero-width joiner in the domain', (l: string) => `${l}@exa\u200dmple.com`, /invisible/],
    ['a right-to-left override', (l: string) => `\u202e${l}@example.com`, /bidirectional/],
    ['a left-to-right mark', (l: string) => `${l}\u200e@example.com`, /bidirectional/],
    ['a control character', (l: string) => `${l}\u0007@example.com`, /control/],
    ['a byte-order mark inside', (l: string) => `${l}\ufeff@example.com`, /invisible/],
    ['a Hangul filler', (l: string) => `${l}\u3164@example.com`, /invisible/],
    ['a quoted local part', (l: string) => `"${l}"@example.com`, /quoted/],
    ['a full-width quoted local part', (l: string) => `\uff02${l}\uff02@example.com`, /quoted/],
  ])('%s is refused: BAD_USER_INPUT on "email", and no second account exists', async (_name, variant, message) => {
    const local = fresh();
    expect((await register(`${local}@example.com`)).body.data?.register).toBeTruthy();
    const response = await register(variant(local));
    expect(response.body.data).toBeNull();
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(errorOf(response).message).toMatch(message);
  });

  test.each([
    ['full-width letters', (l: string) => `${toFullWidth(l.toUpperCase())}@example.com`],
    ['a full-width domain and at sign', (l: string) => `${l}\uff20\uff45\uff58\uff41\uff4d\uff50\uff4c\uff45.com`],
    ['a trailing dot on the domain', (l: string) => `${l}@example.com.`],
    ['an upper-case domain with a trailing dot', (l: string) => `${l}@EXAMPLE.COM.`],
    ['an ideographic full stop in the domain', (l: string) => `${l}@example\u3002com`],
  ])('%s: the same mailbox, so "already registered"; and login finds the account', async (_name, variant) => {
    const local = fresh();
    const first = await register(`${local}@example.com`);
    const response = await register(variant(local));
    expect(errorOf(response).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(errorOf(response).message).toBe('This email is already registered');
    expect((await login(variant(local))).body.data?.login.user.id).toBe(first.body.data?.register.user.id);
  });

  test('an internationalised domain is stored in its ASCII (punycode) form; either spelling is one account', async () => {
    const local = fresh();
    const registered = await register(`${local}@Bücher.example`);
    expect(registered.body.data?.register.user.email).toBe(`${local}@xn--bcher-kva.example`);
    const again = await register(`${local}@xn--bcher-kva.example`);
    expect(errorOf(again).message).toBe('This email is already registered');
    expect((await login(`${local}@BÜCHER.example`)).body.data?.login.user.email).toBe(`${local}@xn--bcher-kva.example`);
  });

  test('an account stored in the legacy form (trimmed, lower-cased only) still signs in, and its address cannot register again', async () => {
    const local = fresh('legacy');
    const typed = `${toFullWidth(local.toUpperCase())}@Example.com`;
    // What the previous version stored for this input: no NFKC, so full-width letters stayed.
    const legacy = typed.trim().toLowerCase();
    const passwordHash = await testPasswordHasher().hash(PASSWORD);
    const stored = await server.stores.users.create({ email: legacy, name: null, roles: ['USER'], passwordHash });

    expect((await login(typed)).body.data?.login.user.id).toBe(stored.id);
    expect(errorOf(await register(typed)).message).toBe('This email is already registered');
  });

  test('the per-email login limit counts every spelling of one mailbox together', async () => {
    const local = fresh();
    await register(`${local}@example.com`);
    const headers = { 'x-forwarded-for': '198.51.100.7' };
    const spellings = [`${local}@example.com`, `${toFullWidth(local)}@example.com`, `${local}@EXAMPLE.com.`];
    for (const email of spellings) {
      expect(errorOf(await login(email, 'a wrong password', headers)).extensions.reason).toBe('INVALID_CREDENTIALS');
    }
    const limited = await login(`${local}@example.com`, 'a wrong password', headers);
    expect(errorOf(limited).extensions.code).toBe('TOO_MANY_REQUESTS');
  });
});

/** ASCII letters and digits as their full-width forms (U+FF01…), which NFKC folds back. */
function toFullWidth(text: string): string {
  return text.replace(/[!-~]/g, (c) => String.fromCodePoint(c.codePointAt(0)! + 0xfee0));
}
