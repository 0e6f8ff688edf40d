import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { ROLES } from '../access/roles';
import { ApiKeyRow } from '../database/database.types';

export const CreateApiKeySchema = z.object({
  name: z.string().trim().min(1).max(100).describe('what the key is for, e.g. "CI deploy"'),
  role: z.enum(ROLES),
});
export class CreateApiKeyDto extends createZodDto(CreateApiKeySchema) {}

export const ApiKeyResponseSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  role: z.enum(ROLES),
  userId: z.uuid().describe('the user who created the key'),
  createdAt: z.iso.datetime(),
  lastUsedAt: z.iso.datetime().nullable(),
});
export class ApiKeyResponseDto extends createZodDto(ApiKeyResponseSchema) {}
export type ApiKeyResponse = z.infer<typeof ApiKeyResponseSchema>;

export const CreatedApiKeyResponseSchema = ApiKeyResponseSchema.extend({
  key: z.string().describe('agd_…; shown only in this response, stored hashed'),
});
export class CreatedApiKeyResponseDto extends createZodDto(CreatedApiKeyResponseSchema) {}
export type CreatedApiKeyResponse = z.infer<typeof CreatedApiKeyResponseSchema>;

/** The key hash never leaves this mapper. */
export function mapApiKey(row: ApiKeyRow): ApiKeyResponse {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    userId: row.user_id,
    createdAt: row.created_at.toISOString(),
    lastUsedAt: row.last_used_at?.toISOString() ?? null,
  };
}
