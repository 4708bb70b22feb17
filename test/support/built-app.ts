import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(__dirname, '../..');
/** Long enough for `tsc` on a contended machine. */
const BUILD_TIMEOUT_MS = 180_000;
/** Set by global-setup.ts: one build folder for the whole run, removed by global-teardown.ts. */
export const TEST_BUILD_DIR_VAR = 'TOKENGATE_TEST_BUILD_DIR';
const DONE_MARKER = '.build-complete';

/**
 * Compiles src/ with `tsc`, as `npm run build` does, once per test run, into a folder of its own beside dist/
 * (one level below the root, so assets/ and node_modules resolve as from dist/). Files that need it share it:
 * the first to ask builds (it takes the lock: an atomic mkdir), the others wait for its marker. Call at the top
 * of a test file; the returned function gives the folder: `node <folder>/index.js` is the real server,
 * `<folder>/cli/admin.js` the real CLI.
 */
export function useBuiltApp(): () => string {
  let outDir: string | undefined;
  beforeAll(async () => {
    const shared = process.env[TEST_BUILD_DIR_VAR];
    outDir = shared ?? mkdtempSync(path.join(ROOT, '.test-build-'));
    await ensureBuilt(outDir);
  }, BUILD_TIMEOUT_MS);
  afterAll(() => {
    // A folder of this file's own (no global setup ran) is removed with it; the shared one by global teardown.
    if (outDir && !process.env[TEST_BUILD_DIR_VAR]) rmSync(outDir, { recursive: true, force: true });
  });
  return () => {
    if (!outDir) throw new Error('the build runs in beforeAll: call the getter inside a test');
    return outDir;
  };
}

async function ensureBuilt(outDir: string): Promise<void> {
  const marker = path.join(outDir, DONE_MARKER);
  if (existsSync(marker)) return;
  if (takeLock(`${outDir}.lock`)) {
    execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json', '--outDir', outDir], {
      cwd: ROOT,
      stdio: 'pipe',
    });
    writeFileSync(marker, '');
    return;
  }
  const deadline = Date.now() + BUILD_TIMEOUT_MS;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`the shared test build in ${outDir} did not finish in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function takeLock(lockDir: string): boolean {
  try {
    mkdirSync(lockDir);
    return true;
  } catch {
    return false;
  }
}

/** For global teardown: removes the run's build folder and its lock. */
export function removeTestBuild(outDir: string | undefined): void {
  if (!outDir) return;
  rmSync(outDir, { recursive: true, force: true });
  rmSync(`${outDir}.lock`, { recursive: true, force: true });
}
