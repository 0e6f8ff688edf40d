import { JwtService } from '@nestjs/jwt';
import * as argon2 from 'argon2';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { JWT_ALGORITHM, JWT_ISSUER } from '../../src/auth/jwt.constants';
import { createDatabase } from '../../src/database/database';
import { Role } from '../../src/database/database.types';
import { TEST_ADMIN, TestEnv } from './test-env';

export type { Role };
export type AuthHeaders = { authorization: string };

export interface TestUser {
  id: string;
  email: string;
  password: string;
  role: Role;
}

/** Anything that carries a test env: a TestApp, or `{ env }`. */
interface HasEnv {
  env: TestEnv;
}

/** A user straight in the database, with a real argon2id hash so it can sign in. */
export async function createUser(env: TestEnv, role: Role, email?: string): Promise<TestUser> {
  const password = randomBytes(12).toString('base64url');
  const db = createDatabase(env.databaseUrl, 1);
  try {
    const row = await db
      .insertInto('users')
      .values({
        email: email ?? `${role}-${randomBytes(4).toString('hex')}@agented.test`,
        password_hash: await argon2.hash(password, { type: argon2.argon2id }),
        role,
      })
      .returning(['id', 'email'])
      .executeTakeFirstOrThrow();
    return { ...row, password, role };
  } finally {
    await db.destroy();
  }
}

/** The admin every test app creates at start-up from ADMIN_EMAIL / ADMIN_PASSWORD. */
export async function firstAdmin(env: TestEnv): Promise<TestUser> {
  const db = createDatabase(env.databaseUrl, 1);
  try {
    const row = await db
      .selectFrom('users')
      .select('id')
      .where('email', '=', TEST_ADMIN.email)
      .executeTakeFirstOrThrow();
    return { id: row.id, email: TEST_ADMIN.email, password: TEST_ADMIN.password, role: 'admin' };
  } finally {
    await db.destroy();
  }
}

/**
 * An API key straight in the database, for a new user of that role. Checking it needs PostgreSQL
 * only, so it also authenticates against an app whose Redis is down.
 */
export async function createApiKey(
  env: TestEnv,
  role: Role,
): Promise<{ id: string; key: string; headers: AuthHeaders }> {
  const owner = await createUser(env, role);
  const key = `agd_${randomBytes(32).toString('base64url')}`;
  const db = createDatabase(env.databaseUrl, 1);
  try {
    const row = await db
      .insertInto('api_keys')
      .values({
        user_id: owner.id,
        name: `test key (${role})`,
        role,
        key_hash: createHash('sha256').update(key).digest('hex'),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return { id: row.id, key, headers: bearer(key) };
  } finally {
    await db.destroy();
  }
}

/** POST /api/auth/login, whatever it answers; `headers` e.g. to come from another address. */
export function signIn(
  url: string,
  email: string,
  password: string,
  headers: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${url}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ email, password }),
  });
}

/** Signs in through the real endpoint; returns the whole response body (tokens and user). */
export async function login(url: string, email: string, password: string): Promise<LoginBody> {
  const res = await signIn(url, email, password);
  if (res.status !== 200) throw new Error(`login as ${email} failed: ${res.status} ${await res.text()}`);
  return (await res.json()) as LoginBody;
}

export interface LoginBody {
  accessToken: string;
  expiresIn: number;
  refreshToken: string;
  user: { id: string; email: string; role: Role };
}

/** Headers of a user of that role who signed in through the API (the real path; costs argon2). */
export async function loginAs(t: HasEnv & { url: string }, role: Role): Promise<AuthHeaders> {
  const user = role === 'admin' ? await firstAdmin(t.env) : await createUser(t.env, role);
  const { accessToken } = await login(t.url, user.email, user.password);
  return bearer(accessToken);
}

const usersByEnv = new WeakMap<TestEnv, Map<Role, Promise<string>>>();

/**
 * The cheap way: an access token signed here with the env's JWT_SECRET for a user of that role
 * (one per env and role, created on first use). Each call gives a fresh token id and session,
 * so one test signing out does not sign out the others.
 */
export async function accessToken(t: HasEnv, role: Role = 'admin'): Promise<string> {
  let users = usersByEnv.get(t.env);
  if (!users) usersByEnv.set(t.env, (users = new Map()));
  let userId = users.get(role);
  if (!userId) {
    userId =
      role === 'admin' ? firstAdmin(t.env).then((u) => u.id) : createUser(t.env, role).then((u) => u.id);
    users.set(role, userId);
  }
  return signAccessToken(t.env, { userId: await userId, role });
}

export async function authHeaders(t: HasEnv, role: Role = 'admin'): Promise<AuthHeaders> {
  return bearer(await accessToken(t, role));
}

/** A token as the API would issue it; `overrides` bends it for attack tests. */
export function signAccessToken(
  env: TestEnv,
  claims: { userId: string; role: Role; sessionId?: string },
  options: { expiresInSeconds?: number; secret?: string } = {},
): Promise<string> {
  const jwt = new JwtService({ secret: options.secret ?? env.vars.JWT_SECRET });
  return jwt.signAsync(
    { role: claims.role, sid: claims.sessionId ?? randomUUID() },
    {
      subject: claims.userId,
      jwtid: randomUUID(),
      algorithm: JWT_ALGORITHM,
      issuer: JWT_ISSUER,
      expiresIn: options.expiresInSeconds ?? env.config.ACCESS_TOKEN_TTL_SECONDS,
    },
  );
}

export function bearer(token: string): AuthHeaders {
  return { authorization: `Bearer ${token}` };
}
