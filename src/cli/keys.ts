import { existsSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { ASYMMETRIC_ALGORITHMS, type AsymmetricAlgorithm, isAsymmetricAlgorithm } from '../keys/algorithms';
import { generateSigningKeyPair, privateKeyPem, publicKeyPem } from '../keys/generate-key-pair';
import { jwkThumbprint } from '../keys/jwk';
import { createPrivateFile, ensurePrivateDirectory } from '../keys/private-files';

/**
 * `npm run keys -- generate --alg ES256 [--out DIR] [--name NAME]`: a new PEM pair for a first key or a rotation.
 * Results on stdout, errors on stderr. Exit codes: 0 done, 1 could not write, 2 bad command line.
 */

export const USAGE = `Usage: npm run keys -- generate --alg <${ASYMMETRIC_ALGORITHMS.join('|')}> [--out DIR] [--name NAME]
  Writes NAME.pem (PKCS#8 private key, mode 0600) and NAME.pub.pem (SPKI public key) into DIR and prints the kid.
  DIR defaults to ./keys (created with mode 0700); NAME defaults to jwt-<alg>-<kid>.`;

export const DEFAULT_OUT = 'keys';
const SAFE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;

export interface CliOutput {
  out(line: string): void;
  err(line: string): void;
}

/** A mistake in the command line (exit 2) rather than a failure to carry it out (exit 1). */
class UsageError extends Error {}

type Command = { command: 'help' } | { command: 'generate'; alg: AsymmetricAlgorithm; out: string; name: string | undefined };

/** Runs the command; returns the exit code. */
export function runKeysCli(argv: readonly string[], io: CliOutput): number {
  try {
    const command = parseCommandLine(argv);
    if (command.command === 'help') {
      io.out(USAGE);
      return 0;
    }
    return generate(command, io);
  } catch (error) {
    io.err(`tokengate keys: ${error instanceof Error ? error.message : String(error)}`);
    if (error instanceof UsageError) {
      io.err(USAGE);
      return 2;
    }
    return 1;
  }
}

function generate({ alg, out, name }: Command & { command: 'generate' }, io: CliOutput): number {
  const directory = path.resolve(out);
  const { privateKey, publicKey } = generateSigningKeyPair(alg);
  const kid = jwkThumbprint(publicKey);
  // A kid may start with "-": the prefix keeps file names safe to pass to other commands.
  const base = name ?? `jwt-${alg.toLowerCase()}-${kid}`;
  const privateFile = path.join(directory, `${base}.pem`);
  const publicFile = path.join(directory, `${base}.pub.pem`);
  for (const file of [privateFile, publicFile]) {
    if (existsSync(file)) throw new Error(`${file} already exists: refusing to overwrite a key (choose another --out or --name)`);
  }
  let created: boolean;
  try {
    ensurePrivateDirectory(directory, { tighten: false });
    created = createPrivateFile(privateFile, privateKeyPem(privateKey));
  } catch (error) {
    throw new Error(`cannot write into ${directory} (${describe(error)})`);
  }
  if (!created) throw new Error(`${privateFile} already exists: refusing to overwrite a key`);
  try {
    writeFileSync(publicFile, publicKeyPem(publicKey), { flag: 'wx', mode: 0o644 });
  } catch (error) {
    // Never leave half a pair behind.
    rmSync(privateFile, { force: true });
    throw new Error(`cannot write ${publicFile} (${describe(error)})`);
  }
  io.out(`kid: ${kid}`);
  io.out(`private key: ${privateFile} (mode 0600: keep it secret, never commit it)`);
  io.out(`public key: ${publicFile}`);
  return 0;
}

function parseCommandLine(argv: readonly string[]): Command {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: { alg: { type: 'string' }, out: { type: 'string' }, name: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    });
  } catch (error) {
    // node's message goes on about positionals after "--": its first sentence says what is wrong.
    throw new UsageError(String(error instanceof Error ? error.message : error).split('. ')[0]);
  }
  const { positionals, values } = parsed;
  if (values.help || positionals[0] === 'help') return { command: 'help' };
  if (positionals.length !== 1 || positionals[0] !== 'generate') {
    throw new UsageError(positionals.length === 0 ? 'a command is needed' : `unknown command "${positionals.join(' ')}"`);
  }
  const alg = values.alg;
  if (!alg || !isAsymmetricAlgorithm(alg)) {
    throw new UsageError(`--alg must be one of ${ASYMMETRIC_ALGORITHMS.join(', ')} (got ${alg ? `"${alg}"` : 'nothing'}); HMAC algorithms sign with JWT_SECRET, not a key pair`);
  }
  if (values.name !== undefined && !SAFE_NAME.test(values.name)) {
    throw new UsageError(`--name must be a file name of letters, digits, ".", "_" and "-" (got "${values.name}")`);
  }
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out must name a directory');
  return { command: 'generate', alg, out: values.out ?? DEFAULT_OUT, name: values.name };
}

const FILE_ERRORS: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is not a directory',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left',
};

const describe = (error: unknown): string => {
  const code = (error as NodeJS.ErrnoException).code;
  if (code) return FILE_ERRORS[code] ? `${code}: ${FILE_ERRORS[code]}` : code;
  return error instanceof Error ? error.message : String(error);
};

if (require.main === module) {
  process.exitCode = runKeysCli(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  });
}
