import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import jwt from 'jsonwebtoken';
import { jwkThumbprint } from '../../src/keys/jwk';
import { signingKeyOf, verificationKeysOf } from '../../src/keys/key-ring';
import { parsePemKey } from '../../src/keys/pem';
import { resolveSigningKeys } from '../../src/keys/signing-keys';
import { temporaryDirectory } from '../keys/support/key-material';

const ROOT = path.resolve(__dirname, '../..');
const tmp = temporaryDirectory('keys-cli');
afterAll(() => tmp.remove());
const compiled = path.join(tmp.dir, 'dist', 'cli', 'keys.js');

// The CLI is compiled with the build's own tsconfig (so to the same place under its outDir as in dist/), into
// a private folder. Only the CLI and what it imports are compiled: quicker than the whole build on a
// contended machine, and independent of the server's dependencies.
beforeAll(() => {
  const tsconfig = tmp.file(
    'tsconfig.json',
    JSON.stringify({
      extends: path.join(ROOT, 'tsconfig.build.json'),
      compilerOptions: {
        outDir: path.join(tmp.dir, 'dist'),
        rootDir: path.join(ROOT, 'src'),
        // Type packages are looked up from the tsconfig's folder: point at the project's.
        typeRoots: [path.join(ROOT, 'node_modules/@types')],
        sourceMap: false,
      },
      include: [],
      files: [path.join(ROOT, 'src/cli/keys.ts')],
    }),
  );
  execFileSync(process.execPath, [path.join(ROOT, 'node_modules/typescript/bin/tsc'), '-p', tsconfig], { stdio: 'pipe' });
}, 120_000);

function keys(args: string[], cwd = tmp.dir) {
  const run = spawnSync(process.execPath, [compiled, ...args], { cwd, encoding: 'utf8' });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const modeOf = (file: string) => statSync(file).mode & 0o777;
const USAGE_LINE = 'Usage: npm run keys -- generate --alg <RS256|PS256|ES256> [--out DIR] [--name NAME]';

test('npm run keys builds, then runs the built script (as npm run admin does)', () => {
  const scripts = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')).scripts;
  expect(scripts.keys).toBe('npm run build --silent && node dist/cli/keys.js');
  expect(JSON.parse(readFileSync(path.join(ROOT, 'tsconfig.build.json'), 'utf8')).compilerOptions.rootDir).toBe('src');
  expect(existsSync(compiled)).toBe(true);
});

describe.each([
  ['ES256', 'ec'],
  ['RS256', 'rsa'],
  ['PS256', 'rsa'],
] as const)('generate --alg %s', (alg, keyType) => {
  test('writes a PKCS#8 private key (0600) and its SPKI public key, prints the kid, and the pair signs', () => {
    const out = path.join(tmp.dir, `new-${alg}`, 'nested');
    const run = keys(['generate', '--alg', alg, '--out', out]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const [kidLine, privateLine, publicLine] = run.stdout.trim().split('\n');
    const kid = kidLine.replace(/^kid: /, '');
    const privateFile = path.join(out, `jwt-${alg.toLowerCase()}-${kid}.pem`);
    const publicFile = path.join(out, `jwt-${alg.toLowerCase()}-${kid}.pub.pem`);
    expect(privateLine).toBe(`private key: ${privateFile} (mode 0600: keep it secret, never commit it)`);
    expect(publicLine).toBe(`public key: ${publicFile}`);
    expect(modeOf(privateFile)).toBe(0o600);
    expect(modeOf(out)).toBe(0o700);

    const privateKey = parsePemKey(readFileSync(privateFile, 'utf8'), 'private');
    const publicKey = parsePemKey(readFileSync(publicFile, 'utf8'), 'public');
    if (!privateKey.ok || !publicKey.ok) throw new Error('the files are not PKCS#8 / SPKI');
    expect(privateKey.key.asymmetricKeyType).toBe(keyType);
    expect(jwkThumbprint(publicKey.key)).toBe(kid);
    expect(jwkThumbprint(privateKey.key)).toBe(kid);

    // The files are what the configuration takes: the private one as a key, the public one as a previous key.
    const problems: string[] = [];
    const ring = resolveSigningKeys(
      { JWT_PRIVATE_KEY_FILE: privateFile },
      { algorithm: alg, nodeEnv: 'production', dataDir: tmp.dir },
      problems,
    )!.ring;
    expect(problems).toEqual([]);
    const token = jwt.sign({ sub: 'u1' }, signingKeyOf(ring).key, { algorithm: alg, keyid: kid });
    expect(jwt.verify(token, publicKey.key, { algorithms: [alg] })).toMatchObject({ sub: 'u1' });
    expect(verificationKeysOf(ring).map((key) => key.kid)).toEqual([kid]);
  });
});

test('without --out it writes into ./keys', () => {
  const cwd = path.join(tmp.dir);
  const run = keys(['generate', '--alg', 'ES256'], cwd);
  expect(run.status).toBe(0);
  expect(run.stdout).toContain(`private key: ${path.join(cwd, 'keys', 'jwt-es256-')}`);
});

test('--name chooses the file names, and an existing file is never overwritten', () => {
  const out = path.join(tmp.dir, 'named');
  expect(keys(['generate', '--alg', 'ES256', '--out', out, '--name', 'signing']).status).toBe(0);
  const before = readFileSync(path.join(out, 'signing.pem'), 'utf8');
  const again = keys(['generate', '--alg', 'ES256', '--out', out, '--name', 'signing']);
  expect(again.status).toBe(1);
  expect(again.stdout).toBe('');
  expect(again.stderr).toBe(`tokengate keys: ${path.join(out, 'signing.pem')} already exists: refusing to overwrite a key (choose another --out or --name)\n`);
  expect(readFileSync(path.join(out, 'signing.pem'), 'utf8')).toBe(before);
});

test('an existing public file alone also stops it, before any private key is written', () => {
  const out = path.join(tmp.dir, 'half');
  expect(keys(['generate', '--alg', 'ES256', '--out', out, '--name', 'first']).status).toBe(0);
  writeFileSync(path.join(out, 'lonely.pub.pem'), 'kept');
  const run = keys(['generate', '--alg', 'ES256', '--out', out, '--name', 'lonely']);
  expect(run.status).toBe(1);
  expect(run.stderr).toContain(`tokengate keys: ${path.join(out, 'lonely.pub.pem')} already exists`);
  expect(existsSync(path.join(out, 'lonely.pem'))).toBe(false);
  expect(readFileSync(path.join(out, 'lonely.pub.pem'), 'utf8')).toBe('kept');
});

test('a directory that cannot be written is a clear error and exit 1', () => {
  const file = tmp.file('a-file', 'not a directory');
  const out = path.join(file, 'keys');
  const run = keys(['generate', '--alg', 'ES256', '--out', out]);
  expect(run.status).toBe(1);
  expect(run.stdout).toBe('');
  expect(run.stderr).toBe(`tokengate keys: cannot write into ${out} (ENOTDIR: a part of the path is not a directory)\n`);
});

describe('command-line mistakes exit with 2 and the usage', () => {
  test.each([
    [['generate', '--alg', 'HS256'], 'tokengate keys: --alg must be one of RS256, PS256, ES256 (got "HS256"); HMAC algorithms sign with JWT_SECRET, not a key pair'],
    [['generate', '--alg', 'es256'], 'tokengate keys: --alg must be one of RS256, PS256, ES256 (got "es256"); HMAC algorithms sign with JWT_SECRET, not a key pair'],
    [['generate'], 'tokengate keys: --alg must be one of RS256, PS256, ES256 (got nothing); HMAC algorithms sign with JWT_SECRET, not a key pair'],
    [[], 'tokengate keys: a command is needed'],
    [['rotate', '--alg', 'ES256'], 'tokengate keys: unknown command "rotate"'],
    [['generate', '--alg', 'ES256', '--name', '../escape'], 'tokengate keys: --name must be a file name of letters, digits, ".", "_" and "-" (got "../escape")'],
    [['generate', '--alg', 'ES256', '--out', ' '], 'tokengate keys: --out must name a directory'],
  ])('%j', (args, message) => {
    const run = keys(args);
    expect(run.status).toBe(2);
    expect(run.stdout).toBe('');
    expect(run.stderr.split('\n').slice(0, 2)).toEqual([message, USAGE_LINE]);
  });

  test('an unknown option', () => {
    const run = keys(['generate', '--alg', 'ES256', '--force']);
    expect(run.status).toBe(2);
    expect(run.stderr.split('\n')[0]).toBe("tokengate keys: Unknown option '--force'");
  });

  test('--help prints the usage and exits 0', () => {
    const run = keys(['--help']);
    expect(run.status).toBe(0);
    expect(run.stdout.split('\n')[0]).toBe(USAGE_LINE);
  });
});
