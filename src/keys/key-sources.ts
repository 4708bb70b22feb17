import { readFileSync, statSync } from 'node:fs';
import type { Env } from '../config/env-reader';

/** A PEM text and how to name where it came from in a problem line: "JWT_PRIVATE_KEY_FILE (/etc/keys/a.pem)". */
export interface PemSource {
  readonly label: string;
  readonly text: string;
}

/** A key file is a few kilobytes; anything larger is the wrong file (and is not read whole into memory). */
const MAX_KEY_FILE_BYTES = 64 * 1024;

const value = (env: Env, name: string): string | undefined => env[name]?.trim() || undefined;
const list = (text: string | undefined): string[] => (text ?? '').split(',').map((item) => item.trim()).filter(Boolean);

/**
 * Reads one key given either as a file (`<fileVariable>`) or inline (`<inlineVariable>`). Both set is a
 * mistake, not a precedence question: the operator cannot know which one signs. Returns undefined when
 * neither is set or the one set cannot be read (a problem line has then been pushed).
 */
export function readPemSource(env: Env, fileVariable: string, inlineVariable: string, problems: string[]): PemSource | undefined {
  const file = value(env, fileVariable);
  const inline = value(env, inlineVariable);
  if (file && inline) {
    problems.push(`${fileVariable} and ${inlineVariable} are both set; set only one of them`);
    return undefined;
  }
  if (inline) return { label: inlineVariable, text: inline };
  return file ? readKeyFile(fileVariable, file, problems) : undefined;
}

/** Same for a comma-separated list of files or of inline PEMs (base64 never contains a comma). */
export function readPemSources(env: Env, filesVariable: string, inlineVariable: string, problems: string[]): PemSource[] {
  const files = list(value(env, filesVariable));
  const inline = list(value(env, inlineVariable));
  if (files.length > 0 && inline.length > 0) {
    problems.push(`${filesVariable} and ${inlineVariable} are both set; set only one of them`);
    return [];
  }
  if (inline.length > 0) {
    return inline.map((text, index) => ({ label: inline.length > 1 ? `${inlineVariable} (key ${index + 1})` : inlineVariable, text }));
  }
  return files.flatMap((file) => readKeyFile(filesVariable, file, problems) ?? []);
}

/** Whether any of these variables is set at all (to tell "not configured" from "configured but broken"). */
export const anySet = (env: Env, names: readonly string[]): boolean => names.some((name) => value(env, name) !== undefined);

function readKeyFile(variable: string, file: string, problems: string[]): PemSource | undefined {
  const label = `${variable} (${file})`;
  try {
    const stats = statSync(file);
    if (!stats.isFile()) {
      problems.push(`${label} is not a regular file`);
      return undefined;
    }
    if (stats.size > MAX_KEY_FILE_BYTES) {
      problems.push(`${label} is ${stats.size} bytes, too large for a PEM key`);
      return undefined;
    }
    return { label, text: readFileSync(file, 'utf8') };
  } catch (error) {
    problems.push(`${label} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return undefined;
  }
}
