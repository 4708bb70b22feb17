import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
/** Long enough for `tsc` on a contended machine. */
const BUILD_TIMEOUT_MS = 180_000;

/**
 * Compiles src/ with `tsc`, as `npm run build` does, before the file's tests, into a folder of their own
 * beside dist/ (one level below the root, so assets/ and node_modules resolve as from dist/), removed
 * after them. Call at the top of a test file; the returned function gives the folder:
 * `node <folder>/index.js` is the real server, `<folder>/cli/admin.js` the real CLI.
 */
export function useBuiltApp(): () => string {
  let outDir: string | undefined;
  beforeAll(() => {
    outDir = mkdtempSync(path.join(ROOT, '.test-build-'));
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: ROOT,
      stdio: 'pipe',
    });
  }, BUILD_TIMEOUT_MS);
  afterAll(() => {
    if (outDir) rmSync(outDir, { recursive: true, force: true });
  });
  return () => {
    if (!outDir) throw new Error('the build runs in beforeAll: call the getter inside a test');
    return outDir;
  };
}
