/** Every role the service knows, defined once. */
export const ROLES = { USER: 'USER', ADMIN: 'ADMIN' } as const;
export type Role = (typeof ROLES)[keyof typeof ROLES];

export const ALL_ROLES: readonly Role[] = Object.values(ROLES);
export const DEFAULT_ROLES: readonly Role[] = [ROLES.USER];

export const isRole = (value: string): value is Role => (ALL_ROLES as readonly string[]).includes(value);
