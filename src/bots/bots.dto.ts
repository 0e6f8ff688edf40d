import { createZodDto } from 'nestjs-zod';
import { posix } from 'node:path';
import { z } from 'zod';
import { BackendName, BotRow } from '../database/database.types';
import { BotOptions, GIT_REF, commandProblem, optionProblems, readBotOptions } from './bot-options';
import { repositoryUrlProblem } from './repository-url';

/** The bot's own rules (which fields fit which backend and each other) live with its options. */
export { commandProblem, optionProblems } from './bot-options';

export const BACKENDS = ['claude', 'codex', 'gemini', 'opencode', 'command'] as const satisfies BackendName[];

/** PostgreSQL text cannot hold NUL and argv items cannot either: refuse it here, not with a 500. */
const text = (max: number) =>
  z
    .string()
    .max(max)
    .refine((s) => !s.includes('\0'), 'must not contain NUL characters');

/** An argv item the CLI would read as an option instead of a value. */
const notAnOption = (s: string) => !s.startsWith('-');

/** The shape of a clone URL; whether this server allows file:// is the service's check (it has the config). */
const isCloneUrl = (value: string) => repositoryUrlProblem(value, { allowFileUrls: true }) === undefined;

/**
 * A directory on the worker: absolute and already normal (no `.`, `..` or empty segments), so the
 * path that is checked and shown is the one the process gets.
 */
const isNormalAbsolutePath = (p: string) => p.startsWith('/') && posix.normalize(p) === p;
const directory = () =>
  text(4096)
    .min(1)
    .refine(isNormalAbsolutePath, 'must be an absolute path without ".", ".." or empty segments');

/** Engine settings, stored in the bot's `options`; `null` means "not set". */
const optionFields = {
  allowedTools: z
    .array(text(200).min(1).refine(notAnOption, 'must not start with "-"'))
    .max(100)
    .describe('claude: --allowedTools'),
  addDirs: z
    .array(directory())
    .max(20)
    .describe('local directories the CLI may use besides its working directory (claude, gemini)'),
  repository: z
    .object({
      url: text(2048).refine(
        isCloneUrl,
        'must be an https:// or file:// URL without credentials (put a token in the GIT_TOKEN secret)',
      ),
      ref: z
        .string()
        .regex(GIT_REF, 'must be a branch or tag name')
        .nullable()
        .optional()
        .describe("the branch or tag to clone; GitHub pull-request events clone the PR's head branch"),
    })
    .nullable()
    .describe('every run gets a fresh shallow clone of it as its working directory'),
  maxConcurrent: z
    .number()
    .int()
    .min(1)
    .max(1000)
    .nullable()
    .describe('runs of this bot at once across all workers; extra runs wait queued, in order'),
  retryAttempts: z
    .number()
    .int()
    .min(1)
    .max(20)
    .nullable()
    .describe('attempts of a rate-limited run (null: the server default)'),
  retryBackoffSeconds: z
    .number()
    .int()
    .min(0)
    .max(86_400)
    .nullable()
    .describe('wait before the first retry, doubled for each later one (null: the server default)'),
  retryOnFailure: z.boolean().describe('also retry runs that failed for other reasons than a rate limit'),
};
type OptionFields = { [K in keyof typeof optionFields]: z.infer<(typeof optionFields)[K]> };

const botFields = {
  name: text(100).trim().min(1),
  description: text(2000),
  backend: z.enum(BACKENDS),
  model: text(200).min(1).refine(notAnOption, 'must not start with "-"').nullable(),
  promptTemplate: text(100_000),
  /** argv, run without a shell; items may hold `{{…}}` placeholders */
  command: z.array(text(10_000).min(1)).min(1).max(256).nullable(),
  workdir: directory().nullable(),
  timeoutSeconds: z.number().int().min(1).max(86_400),
  enabled: z.boolean(),
  ...optionFields,
};

/** The API's option fields over the stored options: an absent field keeps its value, null clears it. */
export function applyOptionFields(current: BotOptions, fields: Partial<OptionFields>): BotOptions {
  const keep = <T>(value: T | undefined, old: T): T => (value === undefined ? old : value);
  const { repository } = fields;
  return {
    allowedTools: keep(fields.allowedTools, current.allowedTools),
    addDirs: keep(fields.addDirs, current.addDirs),
    repo:
      repository === undefined
        ? current.repo
        : repository && { url: repository.url, ...(repository.ref && { ref: repository.ref }) },
    maxConcurrent: keep(fields.maxConcurrent, current.maxConcurrent),
    retry: {
      onRateLimit: {
        attempts: keep(fields.retryAttempts, current.retry.onRateLimit.attempts),
        backoffSeconds: keep(fields.retryBackoffSeconds, current.retry.onRateLimit.backoffSeconds),
      },
      onFailure: keep(fields.retryOnFailure, current.retry.onFailure),
    },
  };
}

export const CreateBotSchema = z
  .object({
    ...botFields,
    description: botFields.description.default(''),
    model: botFields.model.optional(),
    promptTemplate: botFields.promptTemplate.default(''),
    command: botFields.command.optional(),
    workdir: botFields.workdir.optional(),
    timeoutSeconds: botFields.timeoutSeconds.default(600),
    enabled: botFields.enabled.default(true),
    allowedTools: botFields.allowedTools.optional(),
    addDirs: botFields.addDirs.optional(),
    repository: botFields.repository.optional(),
    maxConcurrent: botFields.maxConcurrent.optional(),
    retryAttempts: botFields.retryAttempts.optional(),
    retryBackoffSeconds: botFields.retryBackoffSeconds.optional(),
    retryOnFailure: botFields.retryOnFailure.optional(),
  })
  .superRefine((bot, ctx) => {
    const problem = commandProblem(bot.backend, bot.command);
    if (problem) ctx.addIssue({ code: 'custom', path: ['command'], message: problem });
    const options = applyOptionFields(readBotOptions({}), bot);
    for (const [path, message] of optionProblems({ ...bot, options })) {
      ctx.addIssue({ code: 'custom', path: [path], message });
    }
  });
export class CreateBotDto extends createZodDto(CreateBotSchema) {}

/** Any subset of fields; `null` clears model, command or workdir. */
export const UpdateBotSchema = z.object(botFields).partial();
export class UpdateBotDto extends createZodDto(UpdateBotSchema) {}

export const RunBotSchema = z
  .object({ input: z.record(z.string(), z.unknown()).optional().describe('available as {{input.x}}') })
  .default({});
export class RunBotDto extends createZodDto(RunBotSchema) {}

export const BotResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  description: z.string(),
  backend: z.enum(BACKENDS),
  model: z.string().nullable(),
  promptTemplate: z.string(),
  command: z.array(z.string()).nullable(),
  workdir: z.string().nullable(),
  timeoutSeconds: z.number().int(),
  enabled: z.boolean(),
  allowedTools: z.array(z.string()),
  addDirs: z.array(z.string()),
  repository: z.object({ url: z.string(), ref: z.string().nullable() }).nullable(),
  maxConcurrent: z.number().int().nullable(),
  retryAttempts: z.number().int().nullable(),
  retryBackoffSeconds: z.number().int().nullable(),
  retryOnFailure: z.boolean(),
  secretNames: z
    .array(z.string())
    .optional()
    .describe('names only, and only for operators and admins: secret values never leave the server'),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
});
export class BotResponseDto extends createZodDto(BotResponseSchema) {}
export type BotResponse = z.infer<typeof BotResponseSchema>;

export const RunBotResponseSchema = z.object({ executionId: z.uuid() });
export class RunBotResponseDto extends createZodDto(RunBotResponseSchema) {}

/** Without `secretNames` (for a reader who may not know them), the answer has no such field. */
export function mapBot(row: BotRow, secretNames?: string[]): BotResponse {
  const options = readBotOptions(row.options);
  return {
    id: row.id,
    name: row.name,
    description: row.description,
    backend: row.backend,
    model: row.model,
    promptTemplate: row.prompt_template,
    command: row.command,
    workdir: row.workdir,
    timeoutSeconds: row.timeout_seconds,
    enabled: row.enabled,
    allowedTools: options.allowedTools,
    addDirs: options.addDirs,
    repository: options.repo && { url: options.repo.url, ref: options.repo.ref ?? null },
    maxConcurrent: options.maxConcurrent,
    retryAttempts: options.retry.onRateLimit.attempts,
    retryBackoffSeconds: options.retry.onRateLimit.backoffSeconds,
    retryOnFailure: options.retry.onFailure,
    ...(secretNames && { secretNames }),
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}
