import { Logger } from '@nestjs/common';
import { z } from 'zod';
import { TriggerType } from '../database/database.types';
import { DEFAULT_TIMEZONE, SchedulePattern, scheduleProblem } from '../common/schedule-pattern';
import { AUTHOR_ASSOCIATIONS } from '../github/github-event';
import { matchRulesSchema } from './match-rules';

export const githubTriggerFields = {
  events: z
    .array(
      z
        .string()
        .regex(
          /^[a-z_]+(\.[a-z_]+)?$/,
          'must be an event like "push", or an event.action pair like "pull_request.opened"',
        ),
    )
    .min(1)
    .max(50)
    .describe('an entry without an action ("pull_request") matches every action of that event'),
  repositories: z
    .array(z.string().regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be "owner/repo"'))
    .max(100)
    .describe('only events from these repositories; none means any'),
  mention: z
    .string()
    .regex(/^@[A-Za-z0-9][A-Za-z0-9_./[\]-]{0,99}$/, 'must be a handle like "@my-bot"')
    .nullable()
    .describe('only when the comment (or review, issue, PR body) mentions it'),
  senders: z
    .array(
      z
        .string()
        .regex(
          /^[A-Za-z0-9][A-Za-z0-9-]{0,38}(\[bot\])?$/,
          'must be a GitHub login like "octocat" or "renovate[bot]"',
        ),
    )
    .max(100)
    .describe(
      'only events these GitHub logins caused (the sender); none means anyone the other settings allow',
    ),
  authorAssociations: z
    .array(z.enum(AUTHOR_ASSOCIATIONS))
    .min(1, 'must name at least one association; null means the default')
    .max(AUTHOR_ASSOCIATIONS.length)
    .nullable()
    .describe(
      'only when the author of the comment, review, pull request or issue relates to the repository so; ' +
        'null: OWNER, MEMBER or COLLABORATOR for comments, reviews and pull requests from forks ' +
        '(unless senders are set), anyone for other events',
    ),
};

/** The settings of each trigger type, as stored in `triggers.config`: what the API writes and the readers below parse. */
export const webhookConfigSchema = z.object({
  match: matchRulesSchema.default([]).describe('all rules must hold for the bot to run'),
});

export const githubConfigSchema = z.object({
  events: githubTriggerFields.events,
  repositories: githubTriggerFields.repositories.default([]),
  mention: githubTriggerFields.mention.default(null),
  senders: githubTriggerFields.senders.default([]),
  authorAssociations: githubTriggerFields.authorAssociations.default(null),
});

export const scheduleFields = {
  cron: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .describe('5 fields, or 6 with seconds first (croner syntax: L, W, # and names work)'),
  timezone: z
    .string()
    .min(1)
    .max(100)
    .default(DEFAULT_TIMEZONE)
    .describe('IANA time zone, e.g. Europe/Berlin'),
};

/** cron and timezone are checked together: the zone decides when a pattern runs. */
export const checkSchedule = (schedule: SchedulePattern, ctx: z.RefinementCtx) => {
  const problem = scheduleProblem(schedule);
  if (problem) ctx.addIssue({ code: 'custom', path: [problem.field], message: problem.message });
};

export const scheduleConfigSchema = z.object(scheduleFields).superRefine(checkSchedule);

export const CONFIG_SCHEMAS = {
  webhook: webhookConfigSchema,
  github: githubConfigSchema,
  schedule: scheduleConfigSchema,
} satisfies Record<TriggerType, z.ZodType>;

export type WebhookConfig = z.infer<typeof webhookConfigSchema>;
export type GithubConfig = z.infer<typeof githubConfigSchema>;

/** A stored trigger as the readers need it: its id names it in the log. */
export interface StoredConfig {
  id: string;
  config: Record<string, unknown>;
}

const logger = new Logger('TriggerConfig');
/** Trigger ids already reported, so a bad row is logged once, not on every event it meets. */
const reported = new Set<string>();
const MAX_REPORTED = 1000;

function read<T>(schema: z.ZodType<T>, trigger: StoredConfig): T | undefined {
  const parsed = schema.safeParse(trigger.config);
  if (parsed.success) return parsed.data;
  if (!reported.has(trigger.id) && reported.size < MAX_REPORTED) {
    reported.add(trigger.id);
    logger.warn(`Trigger ${trigger.id} has a config that no longer parses: ${parsed.error.message}`);
  }
  return undefined;
}

/**
 * The API wrote each config through its type's schema, so these parse every row it wrote; a row
 * that does not (written by hand, an older shape) reads as undefined: the trigger then matches
 * nothing and has no scheduler, instead of throwing where events arrive.
 */
export const readWebhookConfig = (trigger: StoredConfig): WebhookConfig | undefined =>
  read(webhookConfigSchema, trigger);

export const readGithubConfig = (trigger: StoredConfig): GithubConfig | undefined =>
  read(githubConfigSchema, trigger);

export const readScheduleConfig = (trigger: StoredConfig): SchedulePattern | undefined =>
  read(scheduleConfigSchema, trigger);
