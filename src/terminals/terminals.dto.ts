import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { TerminalSession } from './terminal-sessions.repository';

const dimension = (max: number) => z.coerce.number().int().min(1).max(max);

export const TerminalIdParamSchema = z.object({ id: z.uuid('must be a UUID') });
export class TerminalIdParamDto extends createZodDto(TerminalIdParamSchema) {}

export const CreateTerminalSchema = z.object({
  cwd: z.string().min(1).max(4096).optional().describe('working directory; the API user’s home when absent'),
  cols: dimension(1000),
  rows: dimension(500),
});
export class CreateTerminalDto extends createZodDto(CreateTerminalSchema) {}

export const CreatedTerminalResponseSchema = z.object({ id: z.uuid() });
export class CreatedTerminalResponseDto extends createZodDto(CreatedTerminalResponseSchema) {}
export type CreatedTerminalResponse = z.infer<typeof CreatedTerminalResponseSchema>;

export const TerminalResponseSchema = z.object({
  id: z.uuid(),
  cwd: z.string(),
  cols: z.number().int(),
  rows: z.number().int(),
  createdAt: z.iso.datetime(),
  userId: z.uuid().describe('who opened it (the same as ownerId)'),
  ownerId: z.uuid().describe('who opened it: other admins may attach, and each such attach is audited'),
  ownerEmail: z.string().nullable().describe('the owner’s email; null once the user is deleted'),
});
export class TerminalResponseDto extends createZodDto(TerminalResponseSchema) {}
export type TerminalResponse = z.infer<typeof TerminalResponseSchema>;

/** A client frame that is not input: `{"type":"resize","cols","rows"}`. */
export const ResizeMessageSchema = z.object({
  type: z.literal('resize'),
  cols: dimension(1000),
  rows: dimension(500),
});

export function mapTerminal(session: TerminalSession, ownerEmail: string | undefined): TerminalResponse {
  return {
    id: session.id,
    cwd: session.cwd,
    cols: session.cols,
    rows: session.rows,
    createdAt: session.createdAt,
    userId: session.userId,
    ownerId: session.userId,
    ownerEmail: ownerEmail ?? null,
  };
}
