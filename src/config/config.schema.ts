import { z } from 'zod';

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

/** Placeholders from `.env.example`: production refuses to start with any of them. */
export const EXAMPLE_SECRETS = new Set([
  'change-me-32-bytes-base64-encoded-key-0000=',
  'dev-only-master-key-not-for-production-use=',
  'change-me',
  'changeme',
  'secret',
  'password',
]);

const url = (protocols: string[]) =>
  z
    .string()
    .url()
    .refine((v) => protocols.some((p) => v.startsWith(`${p}://`)), {
      message: `must start with ${protocols.map((p) => `${p}://`).join(' or ')}`,
    });

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

export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    HOST: z.string().default('0.0.0.0'),
    PORT: int(0, 65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),

    DATABASE_URL: url(['postgres', 'postgresql']),
    DATABASE_POOL_MAX: int(1, 200).default(10),
    REDIS_URL: url(['redis', 'rediss']),
    REDIS_PREFIX: z
      .string()
      .regex(/^[A-Za-z0-9_:.-]*$/, 'letters, digits and _ : . - only')
      .default('agented:'),

    MASTER_KEY: masterKey,

    WEBHOOK_MAX_BYTES: int(1024, 64 * 1024 * 1024).default(1024 * 1024),

    WORKER_ID: z.string().min(1).optional(),
    WORKER_CONCURRENCY: int(1, 256).default(4),
    RUNNER_ENV_ALLOWLIST: z
      .string()
      .default('PATH,HOME,LANG,LC_ALL,TZ,TMPDIR,USER,SHELL,TERM')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    CANCEL_GRACE_SECONDS: int(0, 600).default(5),
    SHUTDOWN_GRACE_SECONDS: int(0, 3600).default(25),
    QUEUED_SWEEP_SECONDS: int(1, 3600).default(30),
    WORKER_HEARTBEAT_SECONDS: int(1, 300).default(5),

    LOG_STREAM_MAXLEN: int(100, 10_000_000).default(10_000),
    LOG_STREAM_TTL_SECONDS: int(10, 30 * 24 * 3600).default(3600),
    LOG_LINE_MAX_BYTES: int(256, 1024 * 1024).default(16 * 1024),
    SSE_HEARTBEAT_SECONDS: int(1, 15).default(15),

    WEB_DIST_DIR: z.string().optional(),
  })
  .superRefine((cfg, ctx) => {
    if (cfg.NODE_ENV !== 'production') return;
    if (EXAMPLE_SECRETS.has(cfg.MASTER_KEY.raw) || new Set(cfg.MASTER_KEY.key).size < 8) {
      ctx.addIssue({
        code: 'custom',
        path: ['MASTER_KEY'],
        message: 'is a placeholder or weak value; generate one with `openssl rand -base64 32`',
      });
    }
  });

export type Config = z.output<typeof configSchema>;
