import { Role } from './roles';

/** Who is calling, as the guard established it; `@CurrentUser()` hands it to controllers. */
export type Identity = UserIdentity | ApiKeyIdentity;

export interface UserIdentity {
  kind: 'user';
  userId: string;
  /** the lower of the token's role and the user's current one */
  role: Role;
  /** the access token: its id (jti), its session (refresh family), issue and expiry (epoch seconds) */
  token: { id: string; sessionId: string; issuedAt: number; expiresAt: number };
}

export interface ApiKeyIdentity {
  kind: 'api-key';
  /** the user who created the key */
  userId: string;
  apiKeyId: string;
  /** the lower of the key's role and its creator's current one */
  role: Role;
}
