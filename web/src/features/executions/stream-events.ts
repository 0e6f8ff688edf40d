import { z } from 'zod/mini';
import {
  EXECUTION_STATUSES,
  LOG_STREAMS,
  type EndEvent,
  type ExecutionEvent,
  type LogLine,
  type StatusEvent,
} from './executions.types';

// The OpenAPI document does not describe SSE payloads, so they are checked here as they arrive;
// each schema is typed against the generated types, so the two cannot drift apart silently.
const status = z.enum(EXECUTION_STATUSES);
const nullableString = z.nullable(z.string());

export const logLineSchema: z.ZodMiniType<LogLine> = z.object({
  seq: z.number(),
  stream: z.enum(LOG_STREAMS),
  text: z.string(),
  raw: z.optional(z.string()),
  ts: z.string(),
});

export const executionEventSchema: z.ZodMiniType<ExecutionEvent> = z.object({
  id: z.string(),
  botId: z.string(),
  status,
});

export const statusEventSchema: z.ZodMiniType<StatusEvent> = z.object({
  id: z.string(),
  botId: z.string(),
  status,
  attempt: z.optional(z.number()),
  exitCode: z.optional(z.nullable(z.number())),
  error: z.optional(nullableString),
  workerId: z.optional(nullableString),
  startedAt: z.optional(nullableString),
  finishedAt: z.optional(nullableString),
});

export const endEventSchema: z.ZodMiniType<EndEvent> = z.object({
  status,
  exitCode: z.nullable(z.number()),
});

/** The event's data when it has the expected shape; otherwise it is dropped (and said so). */
export function parsed<T>(schema: z.ZodMiniType<T>, name: string, data: unknown): T | undefined {
  const result = schema.safeParse(data);
  if (result.success) return result.data;
  console.warn(`Dropped a malformed "${name}" event`, result.error);
  return undefined;
}
