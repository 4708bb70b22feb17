import { testPasswordHasher } from '../support/password-hashing';
import { parseCommandLine, runCommand, UsageError, type CommandContext } from '../../src/cli/admin-commands';
import { ManualClock } from '../../src/lib/clock';
import { silentLogger } from '../../src/lib/logger';
import { createMemoryStores } from '../../src/stores/memory/memory.stores';
import type { Stores } from '../../src/stores/stores';
import { AdminAccounts, AdminOperationError } from '../../src/users/admin-accounts';

// The admin CLI's commands against a store (the memory store here; the CLI itself refuses it, see
// admin-cli.test.ts): each prints one line per result, or throws AdminOperationError with the reason.
const PASSWORD = 'the operator types this';
const passwords = testPasswordHasher();

describe('admin CLI commands', () => {
  let stores: Stores;
  let context: CommandContext;
  beforeEach(() => {
    stores = createMemoryStores(new ManualClock());
    context = {
      accounts: new AdminAccounts(stores.users, passwords, silentLogger, 'admin CLI'),
      users: stores.users,
      readPassword: async () => PASSWORD,
    };
  });

  /** Runs a command line; resolves with its output lines. */
  async function run(...argv: string[]): Promise<string[]> {
    const lines: string[] = [];
    await runCommand(parseCommandLine(argv), context, (line) => lines.push(line));
    return lines;
  }
  const user = async (email: string, roles = ['USER'], password = PASSWORD) =>
    stores.users.create({ email, name: null, roles, passwordHash: await passwords.hash(password) });

  describe('create-admin', () => {
    test('creates the account with USER and ADMIN and the password read', async () => {
      const [line] = await run('create-admin', '--email', ' Root@Example.com ');
      expect(line).toMatch(/^created root@example\.com with roles USER,ADMIN \(id [0-9a-f]{24}\)$/);
      const stored = await stores.users.findByEmail('root@example.com');
      expect(stored?.roles).toEqual(['USER', 'ADMIN']);
      await expect(passwords.verify(PASSWORD, stored!.passwordHash)).resolves.toBe(true);
    });

    test('refuses a taken address (promote is the command for it) and a password the policy refuses', async () => {
      await user('taken@example.com');
      await expect(run('create-admin', '--email', 'TAKEN@example.com')).rejects.toThrow(/already registered: use promote/);
      context = { ...context, readPassword: async () => 'root.operator' };
      await expect(run('create-admin', '--email', 'root.operator@example.com')).rejects.toThrow(/password refused: .*email/);
      await expect(stores.users.findByEmail('root.operator@example.com')).resolves.toBeNull();
    });

    test('refuses an address the email rules refuse, showing the invisible character', async () => {
      await expect(run('create-admin', '--email', 'ro\u200bot@example.com')).rejects.toThrow(AdminOperationError);
      await expect(run('create-admin', '--email', 'ro\u200bot@example.com')).rejects.toThrow(/invisible/);
    });
  });

  describe('promote, demote, list-admins', () => {
    test('promote grants ADMIN once; list-admins shows it', async () => {
      await user('ada@example.com');
      expect(await run('promote', '--email', 'ada@example.com')).toEqual([expect.stringMatching(/^granted ADMIN to ada@example\.com/)]);
      expect(await run('promote', '--email', 'ada@example.com')).toEqual([expect.stringMatching(/already holds ADMIN/)]);
      expect(await run('list-admins')).toEqual([expect.stringMatching(/^ada@example\.com \(id [0-9a-f]{24}, since /)]);
    });

    test('an unknown email is an error naming it', async () => {
      await expect(run('promote', '--email', 'nobody@example.com')).rejects.toThrow('no user with email nobody@example.com');
      await expect(run('demote', '--email', 'nobody@example.com')).rejects.toThrow(AdminOperationError);
      await expect(run('revoke-sessions', '--email', 'nobody@example.com')).rejects.toThrow(AdminOperationError);
    });

    test('demote never takes ADMIN from the last ADMIN without --force', async () => {
      await user('root@example.com', ['USER', 'ADMIN']);
      await expect(run('demote', '--email', 'root@example.com')).rejects.toThrow(/last ADMIN.*--force/);
      expect(await run('list-admins')).toHaveLength(1);
      expect(await run('demote', '--email', 'root@example.com', '--force')).toEqual([expect.stringMatching(/^took ADMIN from root@example\.com/)]);
      expect(await run('list-admins')).toEqual(['no account holds ADMIN']);
      await expect(stores.users.findByEmail('root@example.com')).resolves.toMatchObject({ roles: ['USER'] });
    });

    test('demote with another ADMIN left works; a user without ADMIN is said so', async () => {
      await user('one@example.com', ['USER', 'ADMIN']);
      await user('two@example.com', ['USER', 'ADMIN']);
      await user('plain@example.com');
      expect(await run('demote', '--email', 'one@example.com')).toEqual([expect.stringMatching(/^took ADMIN from one@example\.com/)]);
      expect(await run('demote', '--email', 'plain@example.com')).toEqual([expect.stringMatching(/does not hold ADMIN/)]);
      expect(await run('list-admins')).toEqual([expect.stringMatching(/^two@example\.com/)]);
    });
  });

  test('revoke-sessions raises the token version', async () => {
    const before = await user('ada@example.com');
    expect(await run('revoke-sessions', '--email', 'ADA@example.com')).toEqual([expect.stringMatching(/^revoked every session of ada@example\.com/)]);
    await expect(stores.users.findById(before.id)).resolves.toMatchObject({ tokenVersion: before.tokenVersion + 1 });
  });

  test('check-emails reports legacy forms, refused addresses and collisions, and changes nothing', async () => {
    const plain = await user('ada@example.com');
    const fullWidth = await user('ａｄａ@example.com'); // stored by the previous version: no NFKC
    const trailingDot = await user('bob@example.com.');
    const invisible = await user('eve\u200b@example.com');
    const before = await stores.users.list({ limit: 10, offset: 0 });

    const lines = await run('check-emails');
    expect(lines).toEqual([
      `legacy form: ａｄａ@example.com (id ${fullWidth.id}) is ada@example.com under the current rules`,
      `legacy form: bob@example.com. (id ${trailingDot.id}) is bob@example.com under the current rules`,
      `refused: eve\\u{200B}@example.com (id ${invisible.id}): Email must not contain control, invisible (zero-width) or bidirectional characters`,
      `collision: ada@example.com is the normal form of 2 accounts: ada@example.com (id ${plain.id}), ａｄａ@example.com (id ${fullWidth.id})`,
      '4 accounts checked: 2 in a legacy form, 1 refused by the current rules, 1 collisions; nothing was changed',
    ]);
    await expect(stores.users.list({ limit: 10, offset: 0 })).resolves.toEqual(before);
  });

  test('check-emails pages through every account', async () => {
    for (let i = 0; i < 205; i++) await stores.users.create({ email: `u${i}@example.com`, name: null, roles: ['USER'], passwordHash: 'h' });
    expect((await run('check-emails')).at(-1)).toMatch(/^205 accounts checked: 0 in a legacy form/);
  });

  describe('the command line', () => {
    test.each([
      [[], 'no command given'],
      [['frobnicate'], 'unknown command "frobnicate"'],
      [['promote'], 'promote needs --email <address>'],
      [['promote', '--email', '  '], 'promote needs --email <address>'],
      [['promote', '--email'], "Option '--email <value>' argument missing"],
      [['promote', '--email', 'a@example.com', '--force'], 'promote takes no --force'],
      [['list-admins', '--email', 'a@example.com'], 'list-admins takes no --email'],
      [['demote', '--email', 'a@example.com', '--forse'], "Unknown option '--forse'"],
      [['demote', 'a@example.com'], 'demote needs --email <address>'],
      [['promote', '--email', 'a@example.com', 'b@example.com'], 'promote: unexpected argument "b@example.com"'],
      [['list-admins', 'extra'], 'list-admins: unexpected argument "extra"'],
    ])('%j is a UsageError: %s', (argv, message) => {
      expect(() => parseCommandLine(argv)).toThrow(UsageError);
      expect(() => parseCommandLine(argv)).toThrow(message);
    });

    test('a valid line parses', () => {
      expect(parseCommandLine(['demote', '--email', 'a@example.com', '--force'])).toEqual({ command: 'demote', email: 'a@example.com', force: true });
      expect(parseCommandLine(['list-admins'])).toEqual({ command: 'list-admins', email: undefined, force: false });
    });
  });
});
