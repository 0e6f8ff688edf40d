import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageQueryFields, pageSchema } from '../common/common.dto';
import { AuditEventWithEmail } from './audit.repository';
import { AUDIT_ACTIONS } from './audit.types';

export function encodeAuditCursor(id: number): string {
  return Buffer.from(String(id)).toString('base64url');
}

/** undefined when the text is not a cursor this API made */
export function decodeAuditCursor(cursor: string): number | undefined {
  const id = Number(Buffer.from(cursor, 'base64url').toString('utf8'));
  return Number.isSafeInteger(id) && id > 0 ? id : undefined;
}

export const AuditQuerySchema = z.object({
  actor: z.string().trim().min(1).max(320).optional().describe('a user id, an API key id or an email'),
  action: z.enum(AUDIT_ACTIONS).optional(),
  limit: pageQueryFields.limit,
  // Audit pages go by event id, not by time: a cursor of its own.
  cursor: z
    .string()
    .refine((c) => decodeAuditCursor(c) !== undefined, 'not a nextCursor returned by this endpoint')
    .optional()
    .describe('nextCursor of the previous page'),
});
export class AuditQueryDto extends createZodDto(AuditQuerySchema) {}

const AuditEventSchema = z.object({
  id: z.number().int(),
  at: z.iso.datetime(),
  actor: z.object({
    type: z.enum(['user', 'api-key', 'anonymous']),
    userId: z.uuid().nullable(),
    apiKeyId: z.uuid().nullable(),
    email: z.string().nullable().describe("the acting user's current email"),
  }),
  action: z.string(),
  target: z.object({ type: z.string(), id: z.string() }).nullable(),
  details: z.record(z.string(), z.unknown()),
});
export type AuditEventResponse = z.infer<typeof AuditEventSchema>;

export const AuditEventsResponseSchema = pageSchema(AuditEventSchema);
export class AuditEventsResponseDto extends createZodDto(AuditEventsResponseSchema) {}
export type AuditEventsResponse = z.infer<typeof AuditEventsResponseSchema>;

export function mapAuditEvent(row: AuditEventWithEmail): AuditEventResponse {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actor: {
      type: row.actor_type,
      userId: row.actor_user_id,
      apiKeyId: row.actor_api_key_id,
      email: row.actor_email,
    },
    action: row.action,
    target: row.target_type && row.target_id ? { type: row.target_type, id: row.target_id } : null,
    details: row.details,
  };
}
