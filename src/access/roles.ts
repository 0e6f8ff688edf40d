import { Role } from '../database/database.types';

export type { Role };

/** Lowest first: each role may do everything the roles before it may. */
export const ROLES = ['viewer', 'operator', 'admin'] as const satisfies readonly Role[];

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}

/** The lower of two roles: what a credential may do when both its own grant and its user's apply. */
export function lowerRole(a: Role, b: Role): Role {
  return ROLES.indexOf(a) <= ROLES.indexOf(b) ? a : b;
}
