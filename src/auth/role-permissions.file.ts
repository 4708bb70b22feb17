import { readFileSync, statSync } from 'node:fs';
import type { Env } from '../config/env-reader';
import { parseStrictJsonObject } from './tokens/strict-json';
import { DEFAULT_ROLE_PERMISSIONS, isPermissionName, RolePermissions } from './permissions';
import { ALL_ROLES, isRole, type Role } from './roles';

/** A role never holds more than this: a longer list is a generated file gone wrong. */
const MAX_PERMISSIONS_PER_ROLE = 100;
const MAX_FILE_BYTES = 64 * 1024;

/**
 * ROLE_PERMISSIONS_FILE: a JSON object `{ "ROLE": ["permission", ...] }`. A role it names gets exactly the
 * permissions listed (replacing the built-in ones); a role it does not name keeps the built-in ones. Only
 * known roles, and permissions in the `resource:action` syntax. Everything wrong goes into one problem line.
 */
export function readRolePermissions(env: Env, problems: string[]): RolePermissions {
  const file = env.ROLE_PERMISSIONS_FILE?.trim();
  if (!file) return new RolePermissions();
  const faults: string[] = [];
  const overrides = parseOverrides(file, faults);
  if (faults.length > 0) {
    problems.push(`ROLE_PERMISSIONS_FILE (${file}) ${faults.join('; ')}`);
    return new RolePermissions();
  }
  return new RolePermissions({ ...DEFAULT_ROLE_PERMISSIONS, ...overrides });
}

function parseOverrides(file: string, faults: string[]): Partial<Record<Role, string[]>> {
  let text: string;
  try {
    if (statSync(file).size > MAX_FILE_BYTES) {
      faults.push(`is larger than ${MAX_FILE_BYTES} bytes`);
      return {};
    }
    text = readFileSync(file, 'utf8');
  } catch (error) {
    faults.push(`cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
    return {};
  }
  // Strict: with JSON.parse a role named twice would silently keep its last list.
  const json = parseStrictJsonObject(text);
  if (!json) {
    faults.push('is not a JSON object naming each role once, such as {"USER": ["profile:read"]}');
    return {};
  }
  const overrides: Partial<Record<Role, string[]>> = {};
  for (const [role, permissions] of Object.entries(json)) {
    if (!isRole(role)) {
      faults.push(`names the unknown role "${role}" (known: ${ALL_ROLES.join(', ')})`);
    } else if (!Array.isArray(permissions) || permissions.length > MAX_PERMISSIONS_PER_ROLE || !permissions.every((p) => typeof p === 'string')) {
      faults.push(`must give ${role} an array of at most ${MAX_PERMISSIONS_PER_ROLE} permission strings`);
    } else {
      const malformed = permissions.filter((permission) => !isPermissionName(permission));
      if (malformed.length > 0) {
        const shown = malformed.slice(0, 3).map((p) => JSON.stringify(p.slice(0, 40))).join(', ');
        faults.push(`gives ${role} ${shown}${malformed.length > 3 ? ', …' : ''}: a permission is resource:action in lower case`);
      } else overrides[role] = permissions;
    }
  }
  return overrides;
}
