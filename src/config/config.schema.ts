import { isIP } from 'node:net';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Placeholders from `.env.example`: production refuses to start with any of them. */
export const EXAMPLE_SECRETS = new Set([
  // base64 of "CHANGE-ME-example-master-key-32b": a valid key for trying things out, refused in production
  'Q0hBTkdFLU1FLWV4YW1wbGUtbWFzdGVyLWtleS0zMmI=',
  'change-me',
  'changeme',
  'secret',
  'password',
  'change-me-to-a-random-string-of-at-least-32-characters',
]);

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

/** Compose files pass `VAR=${VAR:-}`: an empty optional setting means "not set", not "invalid". */
const unsetWhenBlank = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** `a, b ,c` → ['a', 'b', 'c'] */
const list = (item: z.ZodType<string, string>) =>
  z
    .string()
    .default('')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item));

// proxy-addr (Fastify's trustProxy) also understands these names for whole ranges.
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);
const proxyAddress = z.string().refine(
  (v) => {
    if (PROXY_RANGE_NAMES.has(v)) return true;
    const [ip, bits, ...rest] = v.split('/');
    const family = isIP(ip);
    if (family === 0 || rest.length > 0) return false;
    if (bits === undefined) return true;
    const prefix = Number(bits);
    // A range wider than this trusts much of the internet to say who the client is.
    return /^\d+$/.test(bits) && prefix >= (family === 4 ? 8 : 7) && prefix <= (family === 4 ? 32 : 128);
  },
  {
    message:
      'each entry must be an IP address, a CIDR range of at least /8 (IPv4) or /7 (IPv6), or loopback/linklocal/uniquelocal',
  },
);

/**
 * A variable a bot process may inherit from the worker: not one of the platform's own settings
 * (DATABASE_URL, MASTER_KEY, …, every key of this schema) and nothing named like a credential.
 */
/** What only the API needs: a worker neither needs nor keeps them (see forgetApiSettings). */
export const API_ONLY_SETTINGS = [
  'JWT_SECRET',
  'ADMIN_EMAIL',
  'ADMIN_PASSWORD',
  'GITHUB_WEBHOOK_SECRET',
] as const;

/** Every key of configSchema (filled in below it) and what the deployment turns into them. */
const PLATFORM_SETTINGS = new Set(['POSTGRES_PASSWORD', 'REDIS_PASSWORD', 'AGENTED_SECRETS_DIR']);
const CREDENTIAL_NAME = /(SECRET|TOKEN|PASSWORD|PASSWD|CREDENTIAL|PRIVATE|_KEY$|^KEY$|_DSN$|_URL$)/i;
const inheritableVariable = z
  .string()
  .regex(/^[A-Za-z_][A-Za-z0-9_]{0,127}$/, 'each entry must be a variable name')
  .refine((name) => !PLATFORM_SETTINGS.has(name) && !CREDENTIAL_NAME.test(name), {
    message: "must not name a platform setting or a credential: bots must never get the worker's secrets",
  });

const corsOrigin = z
  .string()
  .regex(
    /^https?:\/\/[^/\s*]+$/,
    'each entry must be an origin like https://app.example.com (no *, no path)',
  );

/** 32 bytes, base64 or hex. */
const masterKey = z
  .string()
  .min(1)
  .transform((v, ctx) => {
    const buf = /^[0-9a-fA-F]{64}$/.test(v) ? Buffer.from(v, 'hex') : Buffer.from(v, 'base64');
    if (buf.length !== 32) {
      ctx.addIssue({ code: 'custom', message: 'must be 32 bytes, base64 or 64 hex characters' });
      return z.NEVER;
    }
    return { raw: v, key: buf };
  });

const sharedShape = {
  // Production unless said otherwise: its checks (no placeholder secrets, metrics behind a token)
  // are the safe side to fail on; `.env.example` sets development for trying things out.
  NODE_ENV: z.enum(['development', 'test', 'production']).default('production'),
  HOST: z.string().default('0.0.0.0'),
  PORT: int(0, 65535).default(3000),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

  DATABASE_URL: url(['postgres', 'postgresql']),
  DATABASE_POOL_MAX: int(1, 200).default(10),
  REDIS_URL: url(['redis', 'rediss']),
  // Production refuses a Redis without a password: every process on the machine, a bot's
  // included, could otherwise read the queues, lift revocations and type into terminals.
  REDIS_ALLOW_NO_PASSWORD: unsetWhenBlank(z.enum(['true', 'false'])).transform((v) => v === 'true'),
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_:.-]*$/, 'letters, digits and _ : . - only')
    .default('agented:'),

  MASTER_KEY: masterKey,

  WEBHOOK_MAX_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),
  // Longest text one value from outside (payload, github, input) inserts into a prompt or argv item.
  TEMPLATE_VALUE_MAX_CHARS: int(256, 1024 * 1024).default(8 * 1024),

  WORKER_ID: z.string().min(1).optional(),
  WORKER_CONCURRENCY: int(1, 256).default(4),
  // The worker's own variables a bot process inherits; never one of the platform's settings.
  RUNNER_ENV_ALLOWLIST: z
    .string()
    .default('PATH,HOME,LANG,LC_ALL,TZ,TMPDIR,USER,SHELL,TERM')
    .transform((v) =>
      v
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(inheritableVariable)),
  // Who bot processes run as: a user name, `uid` or `uid:gid`, or `self` (the worker's user).
  // Unset: `nobody` for a worker started as root, else the worker's own user. See docs/security.md.
  RUNNER_USER: unsetWhenBlank(
    z
      .string()
      .regex(
        /^(self|[a-z_][a-z0-9_-]{0,31}|\d{1,10}(:\d{1,10})?)$/,
        'must be a user name, uid, uid:gid or self',
      ),
  ),
  CANCEL_GRACE_SECONDS: int(0, 600).default(5),
  SHUTDOWN_GRACE_SECONDS: int(0, 3600).default(25),
  QUEUED_SWEEP_SECONDS: int(1, 3600).default(30),
  WORKER_HEARTBEAT_SECONDS: int(1, 300).default(5),
  // How often workers make BullMQ's job schedulers match the enabled schedule triggers.
  SCHEDULE_SYNC_SECONDS: int(5, 3600).default(60),
  // A run that hits the CLI's rate limit is retried: attempts in all, the first retry after the
  // backoff, each later one after twice the previous wait. A bot may set its own.
  RATE_LIMIT_RETRY_ATTEMPTS: int(1, 20).default(3),
  RATE_LIMIT_RETRY_BACKOFF_SECONDS: int(0, 24 * 3600).default(60),
  // Fresh clones for bots with a repository; a failed run's clone is kept this long to look into.
  WORKSPACES_DIR: z
    .string()
    .refine((p) => isAbsolute(p), 'must be an absolute path')
    .default(join(tmpdir(), 'agented-workspaces')),
  WORKSPACE_KEEP_FAILED_SECONDS: int(0, 30 * 24 * 3600).default(3600),
  // file:// repositories let a bot's clone read any repository on the worker's disk: off unless set.
  CLONE_ALLOW_FILE_URLS: unsetWhenBlank(z.enum(['true', 'false'])).transform((v) => v === 'true'),

  LOG_STREAM_MAXLEN: int(100, 10_000_000).default(10_000),
  LOG_STREAM_TTL_SECONDS: int(10, 30 * 24 * 3600).default(3600),
  LOG_LINE_MAX_BYTES: int(256, 1024 * 1024).default(16 * 1024),
  SSE_HEARTBEAT_SECONDS: int(1, 15).default(15),
  // Open SSE streams one user may hold on one API process (their API keys count for them).
  SSE_MAX_STREAMS_PER_USER: int(1, 10_000_000).default(20),
  // How often open streams and terminal sockets re-check their credential (sign-out, demotion, deletion).
  CREDENTIAL_RECHECK_SECONDS: int(1, 60).default(5),

  WEB_DIST_DIR: z.string().optional(),

  // Auth: HS256 access tokens (JWT_SECRET, the API's own); opaque refresh tokens rotated on every use.
  ACCESS_TOKEN_TTL_SECONDS: int(60, 24 * 3600).default(900),
  REFRESH_TOKEN_TTL_SECONDS: int(300, 365 * 24 * 3600).default(30 * 24 * 3600),
  JWT_CLOCK_TOLERANCE_SECONDS: int(0, 300).default(30),
  // Fastify trusts X-Forwarded-* only from these peers (IPs, CIDRs); none by default.
  TRUSTED_PROXIES: list(proxyAddress),
  // Browser origins allowed to call the API with credentials; CORS is off when empty.
  CORS_ORIGINS: list(corsOrigin),

  // Rate limits, shared by all replicas through Redis: <LIMIT> requests per <TTL> seconds.
  THROTTLE_TTL_SECONDS: int(1, 24 * 3600).default(60),
  THROTTLE_LIMIT: int(1, 10_000_000).default(600),
  THROTTLE_LOGIN_TTL_SECONDS: int(1, 24 * 3600).default(300),
  THROTTLE_LOGIN_IP_LIMIT: int(1, 10_000_000).default(20),
  THROTTLE_LOGIN_EMAIL_LIMIT: int(1, 10_000_000).default(10),
  THROTTLE_WEBHOOK_TTL_SECONDS: int(1, 24 * 3600).default(60),
  THROTTLE_WEBHOOK_IP_LIMIT: int(1, 10_000_000).default(1200),
  THROTTLE_WEBHOOK_TRIGGER_LIMIT: int(1, 10_000_000).default(600),
  // Failures counted apart from the budgets above, per client IP (per email for sign-in), so a
  // stranger's failures never use up what a real caller may do: credentials refused per
  // THROTTLE_TTL_SECONDS, webhooks with a bad signature or unknown URL per THROTTLE_WEBHOOK_TTL_SECONDS,
  // failed sign-ins for one email from all addresses together per THROTTLE_LOGIN_TTL_SECONDS.
  THROTTLE_AUTH_FAILURE_LIMIT: int(1, 10_000_000).default(30),
  THROTTLE_WEBHOOK_FAILURE_LIMIT: int(1, 10_000_000).default(60),
  THROTTLE_LOGIN_EMAIL_GLOBAL_LIMIT: int(1, 10_000_000).default(100),
  // Standard Webhooks (webhook-id, webhook-timestamp, webhook-signature): how far a timestamp may
  // be from the server's clock; and whether the replayable X-Agented-Signature is still accepted.
  WEBHOOK_TOLERANCE_SECONDS: int(1, 24 * 3600).default(300),
  WEBHOOK_LEGACY_SIGNATURES: z
    .enum(['true', 'false'], { message: 'must be true or false' })
    .default('true')
    .transform((v) => v === 'true'),

  // Metrics: a bearer token guards GET /metrics on the API port; METRICS_PORT serves it on an internal port.
  METRICS_TOKEN: unsetWhenBlank(z.string().min(16, 'must be at least 16 characters')),
  METRICS_PORT: unsetWhenBlank(int(1, 65535)),

  SENTRY_DSN: unsetWhenBlank(url(['http', 'https'])),
  SENTRY_TRACES_SAMPLE_RATE: z.coerce.number().min(0).max(1).default(0),
  SENTRY_ENVIRONMENT: unsetWhenBlank(z.string()),
  SENTRY_RELEASE: unsetWhenBlank(z.string()),
};

/** What only the API holds: the worker and the migrations start without them (API_ONLY_SETTINGS). */
const apiOnlyShape = {
  JWT_SECRET: z
    .string()
    .min(32, 'must be at least 32 characters; generate one with `openssl rand -base64 48`'),
  // The first admin, created at start-up while no user exists (a generated password is logged once).
  ADMIN_EMAIL: unsetWhenBlank(z.email().transform((v) => v.toLowerCase())).transform(
    (v) => v ?? 'admin@agented.local',
  ),
  ADMIN_PASSWORD: unsetWhenBlank(z.string().min(8, 'must be at least 8 characters')),
  // POST /hooks/github checks X-Hub-Signature-256 with this; unset, the route answers 404.
  GITHUB_WEBHOOK_SECRET: unsetWhenBlank(
    z.string().min(16, 'must be at least 16 characters; generate one with `openssl rand -hex 32`'),
  ),
};

type Issues = z.core.$RefinementCtx;

function checkSharedSecrets(cfg: z.output<z.ZodObject<typeof sharedShape>>, ctx: Issues): void {
  if (cfg.NODE_ENV !== 'production') return;
  if (EXAMPLE_SECRETS.has(cfg.MASTER_KEY.raw) || new Set(cfg.MASTER_KEY.key).size < 8) {
    ctx.addIssue({
      code: 'custom',
      path: ['MASTER_KEY'],
      message: 'is a placeholder or weak value; generate one with `openssl rand -base64 32`',
    });
  }
  if (!cfg.REDIS_ALLOW_NO_PASSWORD && new URL(cfg.REDIS_URL).password === '') {
    ctx.addIssue({
      code: 'custom',
      path: ['REDIS_URL'],
      message:
        'has no password; give Redis one (requirepass) and put it in the URL (redis://:<password>@host:6379), or set REDIS_ALLOW_NO_PASSWORD=true',
    });
  }
  if (cfg.METRICS_TOKEN !== undefined && EXAMPLE_SECRETS.has(cfg.METRICS_TOKEN)) {
    ctx.addIssue({
      code: 'custom',
      path: ['METRICS_TOKEN'],
      message: 'is a placeholder; generate one with `openssl rand -hex 32`',
    });
  }
}

function checkApiSecrets(
  cfg: z.output<z.ZodObject<typeof apiOnlyShape>> & { NODE_ENV: string },
  ctx: Issues,
): void {
  if (cfg.NODE_ENV !== 'production') return;
  if (EXAMPLE_SECRETS.has(cfg.JWT_SECRET) || new Set(cfg.JWT_SECRET).size < 16) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: 'is a placeholder or weak value; generate one with `openssl rand -base64 48`',
    });
  }
  if (cfg.ADMIN_PASSWORD !== undefined && EXAMPLE_SECRETS.has(cfg.ADMIN_PASSWORD)) {
    ctx.addIssue({
      code: 'custom',
      path: ['ADMIN_PASSWORD'],
      message: 'is a placeholder; choose a real password or leave it unset to get a generated one',
    });
  }
  if (cfg.GITHUB_WEBHOOK_SECRET !== undefined && EXAMPLE_SECRETS.has(cfg.GITHUB_WEBHOOK_SECRET)) {
    ctx.addIssue({
      code: 'custom',
      path: ['GITHUB_WEBHOOK_SECRET'],
      message: 'is a placeholder; generate one with `openssl rand -hex 32`',
    });
  }
}

/** The settings of every process: the worker's and the migrations' whole configuration. */
export const configSchema = z.object(sharedShape).superRefine(checkSharedSecrets);

/** The API's: the shared settings and the secrets only it holds. */
export const apiConfigSchema = z.object({ ...sharedShape, ...apiOnlyShape }).superRefine((cfg, ctx) => {
  checkSharedSecrets(cfg, ctx);
  checkApiSecrets(cfg, ctx);
});

for (const name of Object.keys(apiConfigSchema.shape)) PLATFORM_SETTINGS.add(name);

export type Config = z.output<typeof configSchema>;
export type ApiConfig = z.output<typeof apiConfigSchema>;
