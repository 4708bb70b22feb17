import { execFileSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
let built: string | undefined;

/**
 * Compiles src/ with `tsc`, as `npm run build` does, into a folder of this test process beside dist/
 * (one level below the root, so assets/ resolve as from dist/, and node_modules is found). Returns the
 * folder: `node <folder>/index.js` is the real server, `<folder>/cli/admin.js` the real CLI.
 */
export function buildApp(): string {
  if (built) return built;
  const outDir = path.join(ROOT, `.test-build-${process.pid}`);
  process.once('exit', () => rmSync(outDir, { recursive: true, force: true }));
  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
    cwd: ROOT,
    stdio: 'pipe',
  });
  built = outDir;
  return outDir;
}

/** Long enough for `tsc` on a contended machine. */
export const BUILD_TIMEOUT_MS = 180_000;
