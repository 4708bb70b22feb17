import { useDeployments } from '../support/deployments';
import { CHANGE_PASSWORD, errorOf, LOGIN, ME, REGISTER, uniqueEmail } from '../support/operations';

// Issue 16: Argon2id by default, bcrypt hashes still verified and upgraded at the next successful login, over real
// HTTP, across restarts with another PASSWORD_HASH over the same store (as an upgrade of a deployment does).
const BCRYPT = { PASSWORD_HASH: 'bcrypt', BCRYPT_COST: '4' };
const ARGON2 = { PASSWORD_HASH: 'argon2id', ARGON2_MEMORY_KIB: '1024', ARGON2_TIME_COST: '1' };
const INVALID_CREDENTIALS = { code: 'UNAUTHENTICATED', reason: 'INVALID_CREDENTIALS' };

describe('password hash upgrades', () => {
  const deployments = useDeployments();
  const { deploy } = deployments;
  const hashOf = async (email: string) => (await deployments.stores.users.findByEmail(email))!.passwordHash;
  type Server = Awaited<ReturnType<typeof deploy>>;
  const register = async (server: Server, password = 'correct horse battery') => {
    const email = uniqueEmail();
    const response = await server.gql(REGISTER, { input: { email, password } });
    if (!response.body.data) throw new Error(JSON.stringify(response.body));
    return { email, password };
  };
  const login = (server: Server, input: { email: string; password: string }) => server.gql(LOGIN, { input });

  test('new accounts get Argon2id with the configured parameters by default', async () => {
    const server = await deploy({ ARGON2_MEMORY_KIB: '2048', ARGON2_TIME_COST: '3' });
    const account = await register(server);
    expect(await hashOf(account.email)).toMatch(/^\$argon2id\$v=19\$m=2048,t=3,p=1\$/);
    expect((await login(server, account)).body.data?.login.user.email).toBe(account.email);
  });

  test('a bcrypt account logs in after the switch to Argon2id, and its hash is upgraded then, once', async () => {
    const account = await register(await deploy(BCRYPT));
    const bcryptHash = await hashOf(account.email);
    expect(bcryptHash).toMatch(/^\$2[aby]\$04\$/);

    const server = await deploy(ARGON2);
    // A wrong password proves nothing: the hash stays.
    expect(errorOf(await login(server, { ...account, password: 'not the password' })).extensions).toEqual(INVALID_CREDENTIALS);
    expect(await hashOf(account.email)).toBe(bcryptHash);

    const first = await login(server, account);
    expect(first.body.data?.login.user.email).toBe(account.email);
    const upgraded = await hashOf(account.email);
    expect(upgraded).toMatch(/^\$argon2id\$v=19\$m=1024,t=1,p=1\$/);
    // The same password, so the session goes on: the token version did not move.
    expect((await server.gql(ME, {}, first.body.data!.login.accessToken)).body.data?.me.email).toBe(account.email);
    // Already up to date: a second login changes nothing.
    expect((await login(server, account)).body.data?.login).toBeTruthy();
    expect(await hashOf(account.email)).toBe(upgraded);
  });

  test('changed Argon2 parameters (or bcrypt cost) upgrade a hash at the next login', async () => {
    const account = await register(await deploy(ARGON2));
    const server = await deploy({ ...ARGON2, ARGON2_MEMORY_KIB: '4096' });
    expect((await login(server, account)).body.data?.login).toBeTruthy();
    expect(await hashOf(account.email)).toMatch(/^\$argon2id\$v=19\$m=4096,t=1,p=1\$/);

    const bcryptAccount = await register(await deploy(BCRYPT));
    const costlier = await deploy({ ...BCRYPT, BCRYPT_COST: '5' });
    expect((await login(costlier, bcryptAccount)).body.data?.login).toBeTruthy();
    expect(await hashOf(bcryptAccount.email)).toMatch(/^\$2[aby]\$05\$/);
  });

  test('PASSWORD_HASH=bcrypt keeps verifying Argon2id hashes, and turns them into bcrypt at login', async () => {
    const account = await register(await deploy(ARGON2));
    const server = await deploy(BCRYPT);
    expect((await login(server, account)).body.data?.login).toBeTruthy();
    expect(await hashOf(account.email)).toMatch(/^\$2[aby]\$04\$/);
    expect((await login(await deploy(ARGON2), account)).body.data?.login).toBeTruthy();
  });

  test("the 72-byte rule follows the stored hash: a bcrypt account's first 72 bytes with more after them never match", async () => {
    const password = `${'q'.repeat(60)}-right-bytes`; // 72 bytes: all that bcrypt reads
    const account = await register(await deploy(BCRYPT), password);
    const server = await deploy(ARGON2);
    // bcrypt itself would say yes (it ignores the rest); the server says no, and does not upgrade.
    expect(errorOf(await login(server, { ...account, password: `${password}-and-more` })).extensions).toEqual(INVALID_CREDENTIALS);
    expect(await hashOf(account.email)).toMatch(/^\$2/);
    // Once upgraded, Argon2id reads every byte: the 72 bytes still match, and the longer one still does not.
    expect((await login(server, account)).body.data?.login).toBeTruthy();
    expect(await hashOf(account.email)).toMatch(/^\$argon2id\$/);
    expect(errorOf(await login(server, { ...account, password: `${password}-and-more` })).extensions).toEqual(INVALID_CREDENTIALS);
  });

  test('a bcrypt account can change its password on an Argon2id server; the new hash is Argon2id', async () => {
    const account = await register(await deploy(BCRYPT));
    const server = await deploy(ARGON2);
    // The cached caller still holds the bcrypt hash of the same password: the current password is checked against it.
    const { accessToken } = (await login(server, account)).body.data!.login;
    const newPassword = 'a brand new passphrase';
    const changed = await server.gql(CHANGE_PASSWORD, { input: { currentPassword: account.password, newPassword } }, accessToken);
    expect(changed.body.data?.changePassword).toBeTruthy();
    expect(await hashOf(account.email)).toMatch(/^\$argon2id\$/);
    expect((await login(server, { ...account, password: newPassword })).body.data?.login).toBeTruthy();
  });
});
