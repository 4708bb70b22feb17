import { mkdirSync } from 'node:fs';
import path from 'node:path';
import {
  DEFAULT_ROLE_PERMISSIONS,
  isPermissionName,
  PERMISSIONS,
  permissionsOf,
  RolePermissions,
  scopeOf,
} from '../../src/auth/permissions';
import { readRolePermissions } from '../../src/auth/role-permissions.file';
import { ALL_ROLES } from '../../src/auth/roles';
import { temporaryDirectory } from '../keys/support/key-material';

describe('the built-in role permissions', () => {
  test('USER manages its own account; ADMIN also every user and every session', () => {
    expect(permissionsOf(['USER'])).toEqual(['profile:read', 'profile:write']);
    expect(permissionsOf(['ADMIN'])).toEqual(['profile:read', 'profile:write', 'sessions:read', 'sessions:write', 'users:read', 'users:write']);
  });

  test('every role has an entry, and every built-in permission is in the resource:action syntax', () => {
    expect(Object.keys(DEFAULT_ROLE_PERMISSIONS).sort()).toEqual([...ALL_ROLES].sort());
    for (const permission of Object.values(PERMISSIONS)) expect(isPermissionName(permission)).toBe(true);
  });

  test('permissionsOf merges roles, each permission once, sorted; unknown roles grant nothing', () => {
    expect(permissionsOf(['USER', 'ADMIN', 'USER'])).toEqual(permissionsOf(['ADMIN']));
    expect(permissionsOf(['GHOST'])).toEqual([]);
    expect(permissionsOf([])).toEqual([]);
  });

  test('scopeOf is the space-separated sorted list, for the scope claim', () => {
    expect(scopeOf(['USER'])).toBe('profile:read profile:write');
    expect(scopeOf(['ADMIN', 'USER'])).toBe('profile:read profile:write sessions:read sessions:write users:read users:write');
    expect(scopeOf([])).toBe('');
  });

  test('a permission is told from a role by its syntax', () => {
    for (const permission of ['users:read', 'notes:write', 'billing-v2:read_all']) expect(isPermissionName(permission)).toBe(true);
    for (const other of ['ADMIN', 'USER', 'users', 'users:', ':read', 'Users:read', 'users:read:own', 'users read', '']) {
      expect(isPermissionName(other)).toBe(false);
    }
  });

  test('hasPermission answers for any of the roles', () => {
    const permissions = new RolePermissions();
    expect(permissions.hasPermission(['USER'], 'users:read')).toBe(false);
    expect(permissions.hasPermission(['USER', 'ADMIN'], 'users:read')).toBe(true);
  });
});

describe('ROLE_PERMISSIONS_FILE', () => {
  const tmp = temporaryDirectory('role-permissions');
  afterAll(() => tmp.remove());

  function read(content: string | undefined) {
    const problems: string[] = [];
    const file = content === undefined ? undefined : tmp.file(`roles-${Math.random().toString(36).slice(2)}.json`, content);
    const permissions = readRolePermissions(file ? { ROLE_PERMISSIONS_FILE: file } : {}, problems);
    return { permissions, problems, file };
  }

  test('unset: the built-in mapping', () => {
    const { permissions, problems } = read(undefined);
    expect(problems).toEqual([]);
    expect(permissions.scopeOf(['ADMIN'])).toBe(scopeOf(['ADMIN']));
  });

  test('a role it names gets exactly its list (permissions of other services allowed); the others keep theirs', () => {
    const { permissions, problems } = read(JSON.stringify({ USER: ['profile:read', 'notes:read', 'notes:write', 'notes:read'] }));
    expect(problems).toEqual([]);
    expect(permissions.permissionsOf(['USER'])).toEqual(['notes:read', 'notes:write', 'profile:read']);
    expect(permissions.scopeOf(['USER'])).toBe('notes:read notes:write profile:read');
    expect(permissions.permissionsOf(['ADMIN'])).toEqual(permissionsOf(['ADMIN']));
  });

  test('a role may be given no permission at all', () => {
    const { permissions, problems } = read('{"USER": []}');
    expect(problems).toEqual([]);
    expect(permissions.scopeOf(['USER'])).toBe('');
  });

  const directory = path.join(tmp.dir, 'a-directory');
  mkdirSync(directory, { recursive: true });

  test.each([
    ['an unknown role', '{"USER": ["profile:read"], "SUPERUSER": ["users:read"]}', 'names the unknown role "SUPERUSER" (known: USER, ADMIN)'],
    ['a role in the wrong case', '{"admin": ["users:read"]}', 'names the unknown role "admin" (known: USER, ADMIN)'],
    ['a list that is not an array', '{"USER": "profile:read"}', 'must give USER an array of at most 100 permission strings'],
    ['a list with a number', '{"USER": ["profile:read", 7]}', 'must give USER an array of at most 100 permission strings'],
    ['a permission without an action', '{"ADMIN": ["users", "users:read"]}', 'gives ADMIN "users": a permission is resource:action in lower case'],
    ['a role name as a permission', '{"ADMIN": ["ADMIN", "Users:Read"]}', 'gives ADMIN "ADMIN", "Users:Read": a permission is resource:action in lower case'],
    ['not JSON', '{USER: [profile:read]}', 'is not a JSON object naming each role once, such as {"USER": ["profile:read"]}'],
    ['a JSON array', '[["USER", "profile:read"]]', 'is not a JSON object naming each role once, such as {"USER": ["profile:read"]}'],
    ['a role named twice', '{"USER": ["profile:read"], "USER": ["users:write"]}', 'is not a JSON object naming each role once, such as {"USER": ["profile:read"]}'],
  ])('%s is one line naming the variable', (_, content, fault) => {
    const { problems, file, permissions } = read(content);
    expect(problems).toEqual([`ROLE_PERMISSIONS_FILE (${file}) ${fault}`]);
    // Nothing of a refused file is used.
    expect(permissions.scopeOf(['ADMIN'])).toBe(scopeOf(['ADMIN']));
  });

  test('several faults make one line', () => {
    const { problems, file } = read('{"GHOST": [], "USER": ["nope"]}');
    expect(problems).toEqual([
      `ROLE_PERMISSIONS_FILE (${file}) names the unknown role "GHOST" (known: USER, ADMIN); gives USER "nope": a permission is resource:action in lower case`,
    ]);
  });

  test.each([
    ['a missing file', path.join(tmp.dir, 'missing.json'), 'cannot be read (ENOENT)'],
    ['a directory', directory, 'cannot be read (EISDIR)'],
  ])('%s is one line naming the variable', (_, file, fault) => {
    const problems: string[] = [];
    readRolePermissions({ ROLE_PERMISSIONS_FILE: file }, problems);
    expect(problems).toEqual([`ROLE_PERMISSIONS_FILE (${file}) ${fault}`]);
  });
});
