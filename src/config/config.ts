import { existsSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { config as loadDotenv } from 'dotenv';
import { z } from 'zod';
import { API_ONLY_SETTINGS, ApiConfig, Config, apiConfigSchema, configSchema } from './config.schema';

export class ConfigError extends Error {}

function parseWith<S extends z.ZodType>(schema: S, env: NodeJS.ProcessEnv): z.output<S> {
  const result = schema.safeParse(env);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.join('.') || 'config'}: ${i.message}`);
    throw new ConfigError(`Invalid configuration: ${lines.join('; ')}`);
  }
  return result.data;
}

/** The settings every process has (the worker's and the migrations'); throws one line per bad variable. */
export function parseConfig(env: NodeJS.ProcessEnv): Config {
  return parseWith(configSchema, env);
}

/** The API's settings: the shared ones and the secrets only the API holds. */
export function parseApiConfig(env: NodeJS.ProcessEnv): ApiConfig {
  return parseWith(apiConfigSchema, env);
}

let dotenvLoaded = false;

/** `.env`, when present, without overriding the real environment; once. Nothing else reads process.env. */
function environment(): NodeJS.ProcessEnv {
  const envFile = resolve(process.cwd(), '.env');
  if (!dotenvLoaded && existsSync(envFile)) loadDotenv({ path: envFile, quiet: true });
  dotenvLoaded = true;
  return process.env;
}

let cached: Config | undefined;
let cachedApi: ApiConfig | undefined;

export function loadConfig(): Config {
  cached ??= parseConfig(environment());
  return cached;
}

export function loadApiConfig(): ApiConfig {
  cachedApi ??= parseApiConfig(environment());
  return cachedApi;
}

export function workerIdOf(config: Config): string {
  return config.WORKER_ID ?? `${hostname()}-${process.pid}`;
}

/**
 * Drops from this process's environment the settings only the API uses (JWT_SECRET,
 * ADMIN_PASSWORD, …), so nothing the worker starts or loads can come across them. Returns the names
 * that were there: the deployment should not give them to a worker at all.
 */
export function forgetApiSettings(env: NodeJS.ProcessEnv = process.env): string[] {
  const present = API_ONLY_SETTINGS.filter((name) => env[name] !== undefined);
  for (const name of present) delete env[name];
  return present;
}
