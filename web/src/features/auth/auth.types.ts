import { type Schemas, everyMemberOf } from '../../api/api.types';

export type User = Schemas['MeResponseDto'];
export type Role = User['role'];

/** Lowest first: each role may do everything the roles before it may (as on the server). */
export const ROLES = everyMemberOf<Role>()(['viewer', 'operator', 'admin']);

export function roleAtLeast(role: Role, minimum: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(minimum);
}
