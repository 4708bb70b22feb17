import { runKeysCli } from '../keys/keys-cli';

// `npm run keys -- generate --alg ES256 [--out DIR]`: see src/keys/keys-cli.ts.
process.exitCode = runKeysCli(process.argv.slice(2), {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
});
