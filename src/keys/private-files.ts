import { randomBytes } from 'node:crypto';
import { chmodSync, linkSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';

/** Owner only: private keys and secrets are readable by the account that runs tokengate and nobody else. */
export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIRECTORY_MODE = 0o700;

/**
 * Creates the directory (and its parents) when missing. With `tighten`, an existing directory is also set
 * to 0700: for folders tokengate owns (`<DATA_DIR>/keys`), never for one the user named.
 */
export function ensurePrivateDirectory(directory: string, { tighten }: { tighten: boolean }): void {
  mkdirSync(directory, { recursive: true, mode: PRIVATE_DIRECTORY_MODE });
  if (tighten) chmodSync(directory, PRIVATE_DIRECTORY_MODE);
}

/**
 * Writes a new file with mode 0600, never replacing one: returns false when the path already exists.
 * The content goes to a temporary file first and is hard-linked into place, so a concurrent reader (a second
 * instance starting at the same moment) sees either no file or the whole of it, and of two writers one wins.
 */
export function createPrivateFile(path: string, content: string): boolean {
  const temporary = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temporary, content, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    rmSync(temporary, { force: true });
  }
}
