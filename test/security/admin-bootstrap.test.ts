import { once } from 'node:events';
import { testPasswordHasher } from '../support/password-hashing';
import { useBuiltApp } from '../support/built-app';
import { errorOf, LOGIN, ME, REGISTER } from '../support/operations';
import { acceptsConnections, startServerProcess, type ServerProcess } from '../support/server-process';
import { postGraphQL } from '../support/test-server';

// Issue 11, item 1. The real start-up (`node dist/index.js`) with ADMIN_EMAIL/ADMIN_PASSWORD, over an
// in-memory store that a preloaded hook seeds as a previous run would have left it, or holds mid-bootstrap.
const ADMIN_EMAIL = 'root@example.com';
const ADMIN_PASSWORD = 'the operator chose this one';
const ATTACKER_PASSWORD = 'squatted before the operator';
const ENV = { ADMIN_EMAIL, ADMIN_PASSWORD };
const DIFFERS = /belongs to an existing account whose password differs/;

const build = useBuiltApp();
let running: ServerProcess | undefined;
afterEach(() => running?.stop());

const hash = (password: string) => testPasswordHasher().hash(password);
const seeded = async (password: string, roles: string[]) =>
  JSON.stringify([{ email: ADMIN_EMAIL, passwordHash: await hash(password), roles }]);

async function rolesAfterLogin(url: string, password: string): Promise<string[] | undefined> {
  const login = await postGraphQL<any>(url, LOGIN, { input: { email: ADMIN_EMAIL, password } });
  const token = login.body.data?.login?.accessToken;
  if (!token) return undefined;
  return (await postGraphQL<any>(url, ME, {}, { token })).body.data?.me.roles;
}

const errorLines = (server: ServerProcess) =>
  server.output().filter((line) => line.startsWith('{') && JSON.parse(line).level >= 50);

describe('admin bootstrap at start-up (ADMIN_EMAIL)', () => {
  test('an account that squatted ADMIN_EMAIL with its own password is not made ADMIN; one error line; the server starts', async () => {
    running = await startServerProcess(build(), { ...ENV, TOKENGATE_HOOK_SEED_USERS: await seeded(ATTACKER_PASSWORD, ['USER']) });
    const url = await running.ready();

    expect(await rolesAfterLogin(url, ATTACKER_PASSWORD)).toEqual(['USER']);
    expect(await rolesAfterLogin(url, ADMIN_PASSWORD)).toBeUndefined(); // the password was not replaced either
    const errors = errorLines(running);
    expect(errors).toHaveLength(1);
    expect(JSON.parse(errors[0]).msg).toMatch(DIFFERS);
    expect(errors[0]).not.toContain(ADMIN_PASSWORD);
  });

  test('a register racing the start-up cannot claim ADMIN_EMAIL: the port opens only after the bootstrap', async () => {
    running = await startServerProcess(build(), { ...ENV, TOKENGATE_HOOK_HOLD_LOOKUP: '1' });
    const url = `http://127.0.0.1:${running.port}/graphql`;
    await once(running.child, 'message'); // the bootstrap's lookup is now held

    // The attacker tries while the bootstrap is under way.
    const portOpenMidBootstrap = await acceptsConnections(running.port);
    const racingRegister = await postGraphQL<any>(url, REGISTER, { input: { email: ADMIN_EMAIL, password: ATTACKER_PASSWORD } }).catch(
      () => undefined,
    );
    running.child.send('release');
    await running.ready();

    expect(portOpenMidBootstrap).toBe(false);
    expect(racingRegister?.body.data?.register).toBeFalsy();
    const lateRegister = await postGraphQL<any>(url, REGISTER, { input: { email: ADMIN_EMAIL, password: ATTACKER_PASSWORD } });
    expect(errorOf(lateRegister).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'email' });
    expect(await rolesAfterLogin(url, ATTACKER_PASSWORD)).toBeUndefined();
    expect(await rolesAfterLogin(url, ADMIN_PASSWORD)).toEqual(['USER', 'ADMIN']);
  });

  test('no account yet: it is created with ADMIN_PASSWORD and ADMIN', async () => {
    running = await startServerProcess(build(), ENV);
    expect(await rolesAfterLogin(await running.ready(), ADMIN_PASSWORD)).toEqual(['USER', 'ADMIN']);
    expect(errorLines(running)).toEqual([]);
  });

  test('an existing account without ADMIN whose password IS ADMIN_PASSWORD is granted ADMIN', async () => {
    running = await startServerProcess(build(), { ...ENV, TOKENGATE_HOOK_SEED_USERS: await seeded(ADMIN_PASSWORD, ['USER']) });
    expect(await rolesAfterLogin(await running.ready(), ADMIN_PASSWORD)).toEqual(['USER', 'ADMIN']);
  });

  test('an admin who changed their password since keeps it and ADMIN; nothing is logged as an error', async () => {
    const changed = 'changed after the first start';
    running = await startServerProcess(build(), { ...ENV, TOKENGATE_HOOK_SEED_USERS: await seeded(changed, ['USER', 'ADMIN']) });
    const url = await running.ready();
    expect(await rolesAfterLogin(url, changed)).toEqual(['USER', 'ADMIN']);
    expect(await rolesAfterLogin(url, ADMIN_PASSWORD)).toBeUndefined();
    expect(errorLines(running)).toEqual([]);
  });
});
