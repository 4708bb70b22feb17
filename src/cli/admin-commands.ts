import { parseArgs } from 'node:util';
import { AdminOperationError, type AdminAccounts } from '../users/admin-accounts';
import type { UserStore } from '../stores/user.store';
import { checkStoredEmails, visible } from './email-check';

/** The command line is wrong: the message, then the usage, and exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export const USAGE = `Usage: npm run admin -- <command> [options]
  create-admin --email E       create an account holding ADMIN (password from ADMIN_PASSWORD, else stdin)
  promote --email E            grant ADMIN to an existing account
  demote --email E [--force]   take ADMIN away (never from the last ADMIN, unless --force)
  list-admins                  the accounts holding ADMIN
  revoke-sessions --email E    end every session of the account (its tokens stop working)
  check-emails                 accounts stored under a legacy email form, and collisions (never merges)`;

export interface CommandLine {
  command: CommandName;
  email?: string;
  force: boolean;
}

export interface CommandContext {
  accounts: AdminAccounts;
  users: UserStore;
  /** The password for create-admin: ADMIN_PASSWORD, else what was piped on stdin. */
  readPassword(): Promise<string>;
}

/** Each result is one line. */
export type Output = (line: string) => void;

type CommandName = keyof typeof COMMANDS;

interface Command {
  email: 'required' | 'none';
  force?: boolean;
  run(context: CommandContext, line: CommandLine, out: Output): Promise<void>;
}

const COMMANDS = {
  'create-admin': {
    email: 'required',
    run: async ({ accounts, readPassword }, { email }, out) => {
      const user = await accounts.createAdmin(email!, await readPassword());
      out(`created ${user.email} with roles ${user.roles.join(',')} (id ${user.id})`);
    },
  },
  promote: {
    email: 'required',
    run: async ({ accounts }, { email }, out) => {
      const { user, changed } = await accounts.promote(email!);
      out(changed ? `granted ADMIN to ${user.email} (id ${user.id})` : `${user.email} already holds ADMIN (id ${user.id})`);
    },
  },
  demote: {
    email: 'required',
    force: true,
    run: async ({ accounts }, { email, force }, out) => {
      const { user, changed } = await accounts.demote(email!, force);
      out(changed ? `took ADMIN from ${user.email} (id ${user.id})` : `${user.email} does not hold ADMIN (id ${user.id})`);
    },
  },
  'list-admins': {
    email: 'none',
    run: async ({ accounts }, _line, out) => {
      const admins = await accounts.listAdmins();
      if (admins.length === 0) out('no account holds ADMIN');
      for (const user of admins) out(`${user.email} (id ${user.id}, since ${user.createdAt.toISOString()})`);
    },
  },
  'revoke-sessions': {
    email: 'required',
    run: async ({ accounts }, { email }, out) => {
      const user = await accounts.revokeSessions(email!);
      out(`revoked every session of ${user.email} (id ${user.id})`);
    },
  },
  'check-emails': {
    email: 'none',
    run: async ({ users }, _line, out) => {
      const report = await checkStoredEmails(users);
      for (const finding of report.findings) out(finding);
      out(`${report.checked} accounts checked: ${report.legacy} in a legacy form, ${report.refused} refused by the current rules, ${report.collisions} collisions; nothing was changed`);
    },
  },
} satisfies Record<string, Command>;

const isCommandName = (name: string): name is CommandName => Object.hasOwn(COMMANDS, name);

/** Parses `<command> [--email E] [--force]`; throws UsageError naming what is wrong. */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  let parsed: ReturnType<typeof parse>;
  try {
    parsed = parse(argv);
  } catch (error) {
    // Node's own messages go on with advice about '--' that does not apply here: the first sentence says it.
    throw new UsageError((error instanceof Error ? error.message : String(error)).split('. ')[0]);
  }
  const [name, ...extra] = parsed.positionals;
  if (!name) throw new UsageError('no command given');
  if (!isCommandName(name)) throw new UsageError(`unknown command ${visible(JSON.stringify(name))}`);
  const command: Command = COMMANDS[name];
  const { email, force = false } = parsed.values;
  if (command.email === 'required' && (email === undefined || email.trim() === '')) {
    throw new UsageError(`${name} needs --email <address>`);
  }
  if (extra.length > 0) throw new UsageError(`${name}: unexpected argument ${visible(JSON.stringify(extra[0]))}`);
  if (command.email === 'none' && email !== undefined) throw new UsageError(`${name} takes no --email`);
  if (force && !command.force) throw new UsageError(`${name} takes no --force`);
  return { command: name, email, force };
}

const parse = (argv: readonly string[]) =>
  parseArgs({
    args: [...argv],
    options: { email: { type: 'string' }, force: { type: 'boolean' } },
    allowPositionals: true,
    strict: true,
  });

/**
 * Runs one parsed command, writing one line per result. An AdminOperationError (unknown email, last
 * ADMIN, refused password…) propagates: the caller prints its message and exits non-zero.
 */
export async function runCommand(line: CommandLine, context: CommandContext, out: Output): Promise<void> {
  const command: Command = COMMANDS[line.command];
  await command.run(context, line, out);
}

export { AdminOperationError };
