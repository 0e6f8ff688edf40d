import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { Config, configSchema } from './config.schema';

export class ConfigError extends Error {}

/** Parses and validates settings; throws one line per bad variable. Nothing else reads process.env. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  const result = configSchema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

let cached: Config | undefined;

/** Loads `.env` (when present, without overriding the real environment) once, then validates. */
export function loadConfig(): Config {
  if (cached) return cached;
  const envFile = resolve(process.cwd(), '.env');
  if (existsSync(envFile)) loadDotenv({ path: envFile, quiet: true });
  cached = parseConfig(process.env);
  return cached;
}

export function workerIdOf(config: Config): string {
  return config.WORKER_ID ?? `${hostname()}-${process.pid}`;
}
