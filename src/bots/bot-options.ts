import { z } from 'zod';
import { BackendName } from '../database/database.types';

/**
 * A bot's engine settings, kept in its `options` jsonb column. The API exposes them as top-level
 * fields (see bots.dto.ts); the worker reads them through `readBotOptions`.
 */
export interface BotOptions {
  allowedTools: string[];
  addDirs: string[];
  repo: { url: string; ref?: string } | null;
  maxConcurrent: number | null;
  retry: {
    /** null: the worker's RATE_LIMIT_RETRY_* defaults */
    onRateLimit: { attempts: number | null; backoffSeconds: number | null };
    onFailure: boolean;
  };
}

/** Backends whose CLI takes these options; other backends refuse them at the API. */
export const ALLOWED_TOOLS_BACKENDS: readonly BackendName[] = ['claude'];
export const ADD_DIRS_BACKENDS: readonly BackendName[] = ['claude', 'gemini'];

/** Git branch or tag names, minus what could be read as an option or escape the refs namespace. */
export const GIT_REF = /^(?![-/.])(?!.*\.\.)(?!.*\/\/)(?!.*[./]$)[A-Za-z0-9._/-]{1,255}$/;

/** The API fields a cross-field problem is reported on. */
export type BotOptionField = 'allowedTools' | 'addDirs' | 'workdir';

/** Why `command` does not fit `backend`, or undefined when it does. */
export function commandProblem(
  backend: BackendName,
  command: string[] | null | undefined,
): string | undefined {
  if (backend === 'command' && !command) return 'is required when backend is "command"';
  if (backend !== 'command' && command) return `is only allowed when backend is "command" (not "${backend}")`;
  return undefined;
}

/** Settings that don't fit the backend or each other, as `[field, why]` pairs. */
export function optionProblems(bot: {
  backend: BackendName;
  workdir?: string | null;
  options: BotOptions;
}): [BotOptionField, string][] {
  const problems: [BotOptionField, string][] = [];
  if (bot.options.allowedTools.length > 0 && !ALLOWED_TOOLS_BACKENDS.includes(bot.backend)) {
    problems.push(['allowedTools', `only the ${ALLOWED_TOOLS_BACKENDS.join(', ')} backend takes it`]);
  }
  if (bot.options.addDirs.length > 0 && !ADD_DIRS_BACKENDS.includes(bot.backend)) {
    problems.push(['addDirs', `only the ${ADD_DIRS_BACKENDS.join(' and ')} backends take it`]);
  }
  if (bot.options.repo && bot.workdir) {
    problems.push(['workdir', 'must be null when a repository is set: runs happen in a fresh clone of it']);
  }
  return problems;
}

const stored = z.object({
  allowedTools: z.array(z.string()).catch([]),
  addDirs: z.array(z.string()).catch([]),
  repo: z.object({ url: z.string(), ref: z.string().optional() }).nullable().catch(null),
  maxConcurrent: z.number().int().min(1).nullable().catch(null),
  retry: z
    .object({
      onRateLimit: z
        .object({
          attempts: z.number().int().min(1).nullable().catch(null),
          backoffSeconds: z.number().int().min(0).nullable().catch(null),
        })
        .catch({ attempts: null, backoffSeconds: null }),
      onFailure: z.boolean().catch(false),
    })
    .catch({ onRateLimit: { attempts: null, backoffSeconds: null }, onFailure: false }),
});

const DEFAULTS: BotOptions = {
  allowedTools: [],
  addDirs: [],
  repo: null,
  maxConcurrent: null,
  retry: { onRateLimit: { attempts: null, backoffSeconds: null }, onFailure: false },
};

/**
 * The API validated what it stored, so this only fills in defaults; a value that no longer
 * parses (an older shape) falls back to its default instead of breaking every run of the bot.
 */
export function readBotOptions(options: Record<string, unknown>): BotOptions {
  const parsed = stored.safeParse({ ...DEFAULTS, ...options });
  return parsed.success ? parsed.data : DEFAULTS;
}

/** Drops unset values so the stored jsonb stays small and readable. */
export function writeBotOptions(options: BotOptions): Record<string, unknown> {
  const { onRateLimit, onFailure } = options.retry;
  const rateLimit = {
    ...(onRateLimit.attempts !== null && { attempts: onRateLimit.attempts }),
    ...(onRateLimit.backoffSeconds !== null && { backoffSeconds: onRateLimit.backoffSeconds }),
  };
  return {
    ...(options.allowedTools.length > 0 && { allowedTools: options.allowedTools }),
    ...(options.addDirs.length > 0 && { addDirs: options.addDirs }),
    ...(options.repo && { repo: options.repo }),
    ...(options.maxConcurrent !== null && { maxConcurrent: options.maxConcurrent }),
    ...((Object.keys(rateLimit).length > 0 || onFailure) && {
      retry: { ...(Object.keys(rateLimit).length > 0 && { onRateLimit: rateLimit }), onFailure },
    }),
  };
}
