import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageQueryFields, pageSchema } from '../common/common.dto';
import {
  EXECUTION_STATUSES,
  EXECUTION_TRIGGER_TYPES,
  ExecutionRow,
  LOG_STREAMS,
} from '../database/database.types';

/** Query strings arrive as text; `z.coerce` would read an empty value as 0. */
export const nonNegativeInt = z
  .string()
  .regex(/^\d{1,15}$/, 'must be a non-negative integer')
  .transform(Number);

export class ListExecutionsQueryDto extends createZodDto(
  z.object({
    botId: z.uuid().optional(),
    status: z.enum(EXECUTION_STATUSES).optional(),
    ...pageQueryFields,
  }),
) {}

export class ExecutionLogsQueryDto extends createZodDto(
  z.object({
    afterSeq: nonNegativeInt.optional().describe('nextSeq of the previous page; 0 from the start'),
    limit: z.coerce.number().int().min(1).max(1000).default(500),
  }),
) {}

const executionSchema = z.object({
  id: z.uuid(),
  botId: z.uuid(),
  triggerId: z.uuid().nullable(),
  triggerType: z.enum(EXECUTION_TRIGGER_TYPES),
  deliveryId: z.uuid().nullable(),
  status: z.enum(EXECUTION_STATUSES),
  attempt: z.number().int(),
  queuedAt: z.iso.datetime(),
  startedAt: z.iso.datetime().nullable(),
  finishedAt: z.iso.datetime().nullable(),
  exitCode: z.number().int().nullable(),
  error: z.string().nullable(),
  workerId: z.string().nullable(),
  costUsd: z.number().optional().describe('when the CLI reported one'),
  inputTokens: z.number().int().optional().describe('when the CLI reported token counts'),
  outputTokens: z.number().int().optional().describe('when the CLI reported token counts'),
});
export type ExecutionResponse = z.infer<typeof executionSchema>;
export class ExecutionResponseDto extends createZodDto(executionSchema) {}

export class ExecutionPageDto extends createZodDto(pageSchema(executionSchema)) {}

const logLineSchema = z.object({
  seq: z.number().int(),
  stream: z.enum(LOG_STREAMS),
  text: z.string(),
  raw: z.string().optional().describe('the line as the CLI printed it, when text is a readable rendering'),
  ts: z.iso.datetime(),
});
export type LogLineResponse = z.infer<typeof logLineSchema>;

export class LogPageDto extends createZodDto(
  z.object({
    items: z.array(logLineSchema),
    nextSeq: z.number().int().describe('pass as afterSeq to get the lines after these'),
  }),
) {}

export class RetryResponseDto extends createZodDto(z.object({ executionId: z.uuid() })) {}

export function mapExecution(row: ExecutionRow): ExecutionResponse {
  return {
    id: row.id,
    botId: row.bot_id,
    triggerId: row.trigger_id,
    triggerType: row.trigger_type,
    deliveryId: row.delivery_id,
    status: row.status,
    attempt: row.attempt,
    queuedAt: row.queued_at.toISOString(),
    startedAt: row.started_at?.toISOString() ?? null,
    finishedAt: row.finished_at?.toISOString() ?? null,
    exitCode: row.exit_code,
    error: row.error,
    workerId: row.worker_id,
    ...(row.cost_usd === null ? {} : { costUsd: Number(row.cost_usd) }),
    ...(row.input_tokens === null ? {} : { inputTokens: row.input_tokens }),
    ...(row.output_tokens === null ? {} : { outputTokens: row.output_tokens }),
  };
}
