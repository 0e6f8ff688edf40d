import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { Role } from '../access/roles';
import { GITHUB_HOOK_URL, HOOKS_PREFIX } from '../common/hook-routes';
import { TriggerRow, TriggerType } from '../database/database.types';
import { AUTHOR_ASSOCIATIONS } from '../github/github-event';
import { nextRunAt } from '../common/schedule-pattern';
import { matchRuleSchema, matchRulesSchema } from './match-rules';
import {
  checkSchedule,
  githubConfigSchema,
  githubTriggerFields,
  readGithubConfig,
  readScheduleConfig,
  readWebhookConfig,
  scheduleFields,
  webhookConfigSchema,
} from './trigger-config';
import { namedDto } from '../common/named-dto';

export { CONFIG_SCHEMAS } from './trigger-config';

const enabled = z.boolean().default(true);

/** One variant per trigger type, told apart by `type`; the fields besides type and enabled are its config. */
const TRIGGER_VARIANTS = [
  webhookConfigSchema.extend({ type: z.literal('webhook'), enabled }),
  githubConfigSchema.extend({ type: z.literal('github'), enabled }),
  z.object({ type: z.literal('schedule'), enabled, ...scheduleFields }).superRefine(checkSchedule),
] as const;
const SUPPORTED_TYPES = TRIGGER_VARIANTS.map((v) => `"${v.shape.type.value}"`).join(', ');

export const CreateTriggerSchema = z.discriminatedUnion('type', TRIGGER_VARIANTS, {
  error: (issue) => (issue.code === 'invalid_union' ? `must be one of ${SUPPORTED_TYPES}` : undefined),
});
/**
 * The body is validated against the whole union above; Nest finds that schema through this class,
 * and a class cannot extend a union, so its declared shape is the part all variants share.
 */
export class CreateTriggerDto extends createZodDto(
  // Adapter boundary: createZodDto needs one object shape, the union has three (see above).
  CreateTriggerSchema as unknown as z.ZodType<{ type: TriggerType; enabled: boolean }>,
) {}

/**
 * Any settings of the trigger's own type; the service refuses fields of another type. What is
 * sent replaces what is stored, field by field; `null` (or []) removes an optional setting.
 */
export const UpdateTriggerSchema = z.object({
  enabled: z.boolean().optional(),
  match: matchRulesSchema.optional().describe('webhook: replaces the rules; [] removes them'),
  events: githubTriggerFields.events.optional(),
  repositories: githubTriggerFields.repositories.nullable().optional(),
  mention: githubTriggerFields.mention.optional(),
  senders: githubTriggerFields.senders.nullable().optional(),
  authorAssociations: githubTriggerFields.authorAssociations.optional(),
  cron: scheduleFields.cron.optional(),
  timezone: z.string().min(1).max(100).optional(),
});
export class UpdateTriggerDto extends createZodDto(UpdateTriggerSchema) {}

/** Which update fields belong to which type. */
export const FIELDS_OF_TYPE: Record<TriggerType, readonly (keyof UpdateTriggerDto)[]> = {
  webhook: ['match'],
  github: ['events', 'repositories', 'mention', 'senders', 'authorAssociations'],
  schedule: ['cron', 'timezone'],
};

const common = {
  id: z.uuid(),
  botId: z.uuid(),
  enabled: z.boolean(),
  createdAt: z.iso.datetime(),
  updatedAt: z.iso.datetime(),
};

export const TriggerResponseSchema = z.discriminatedUnion('type', [
  z.object({
    ...common,
    type: z.literal('webhook'),
    match: z.array(matchRuleSchema),
    url: z
      .string()
      .optional()
      .describe('path to POST signed webhooks to: /hooks/<token>; for operators and admins only'),
  }),
  z.object({
    ...common,
    type: z.literal('github'),
    events: z.array(z.string()),
    repositories: z.array(z.string()),
    mention: z.string().nullable(),
    senders: z.array(z.string()),
    authorAssociations: z.array(z.enum(AUTHOR_ASSOCIATIONS)).nullable().describe('null: the default'),
    url: z
      .literal(GITHUB_HOOK_URL)
      .describe('the payload URL to give GitHub (secret: GITHUB_WEBHOOK_SECRET)'),
  }),
  z.object({
    ...common,
    type: z.literal('schedule'),
    cron: z.string(),
    timezone: z.string(),
    nextRunAt: z.iso.datetime().nullable().describe('null while disabled'),
  }),
]);
/** For the OpenAPI document (a union cannot be a class to extend, so it is named here). */
export const TriggerResponseDto = namedDto('TriggerResponseDto', createZodDto(TriggerResponseSchema));
export type TriggerResponse = z.infer<typeof TriggerResponseSchema>;

/** A webhook trigger, on create and rotate-secret: the one time its secret leaves the server. */
export const TriggerWithSecretResponseSchema = TriggerResponseSchema.options[0].extend({
  url: z.string().describe('path to POST signed webhooks to: /hooks/<token>'),
  secret: z.string().describe('HMAC-SHA256 key for X-Agented-Signature; shown only now'),
});
export class TriggerWithSecretResponseDto extends createZodDto(TriggerWithSecretResponseSchema) {}
export type TriggerWithSecretResponse = z.infer<typeof TriggerWithSecretResponseSchema>;

/** What create answers: a webhook trigger with its secret, any other as listed. */
export const CreatedTriggerResponseSchema = z.discriminatedUnion('type', [
  TriggerWithSecretResponseSchema,
  TriggerResponseSchema.options[1],
  TriggerResponseSchema.options[2],
]);
export const CreatedTriggerResponseDto = namedDto(
  'CreatedTriggerResponseDto',
  createZodDto(CreatedTriggerResponseSchema),
);
export type CreatedTriggerResponse = z.infer<typeof CreatedTriggerResponseSchema>;

/** Where a webhook trigger receives its deliveries: its token is in the path. */
export const webhookUrl = (row: Pick<TriggerRow, 'token'>): string => `${HOOKS_PREFIX}${row.token}`;

/**
 * Who may see a webhook trigger's URL: its token is what the access log masks as a credential,
 * and with it (plus a leaked or replayed signature) anyone can start the bot.
 */
export const WEBHOOK_URL_ROLE: Role = 'operator';

/**
 * `config` is read through its type's reader; a row that no longer parses shows empty settings
 * (and runs nothing) rather than failing the whole list. Without `withUrl`
 * a webhook trigger comes without its URL (the GitHub URL is the same for all, no secret).
 */
export function mapTrigger(
  row: TriggerRow,
  { withUrl = true, now = new Date() }: { withUrl?: boolean; now?: Date } = {},
): TriggerResponse {
  const common = {
    id: row.id,
    botId: row.bot_id,
    enabled: row.enabled,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
  switch (row.type) {
    case 'webhook':
      return {
        ...common,
        type: row.type,
        match: readWebhookConfig(row)?.match ?? [],
        ...(withUrl && { url: webhookUrl(row) }),
      };
    case 'github': {
      const config = readGithubConfig(row);
      return {
        ...common,
        type: row.type,
        events: config?.events ?? [],
        repositories: config?.repositories ?? [],
        mention: config?.mention ?? null,
        senders: config?.senders ?? [],
        authorAssociations: config?.authorAssociations ?? null,
        url: GITHUB_HOOK_URL,
      };
    }
    case 'schedule': {
      const pattern = readScheduleConfig(row);
      return {
        ...common,
        type: row.type,
        cron: pattern?.cron ?? '',
        timezone: pattern?.timezone ?? '',
        nextRunAt: pattern && row.enabled ? (nextRunAt(pattern, now)?.toISOString() ?? null) : null,
      };
    }
  }
}
