import { Role } from './roles';

/** Who is calling, as the guard established it; `@CurrentUser()` hands it to controllers. */
export type Identity = UserIdentity | ApiKeyIdentity;

export interface UserIdentity {
  kind: 'user';
  userId: string;
  role: Role;
  /** the access token: its id (jti), its session (refresh family) and its expiry (epoch seconds) */
  token: { id: string; sessionId: string; expiresAt: number };
}

export interface ApiKeyIdentity {
  kind: 'api-key';
  /** the user who created the key */
  userId: string;
  apiKeyId: string;
  role: Role;
}
