import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

/** `:id` in a route: every resource is addressed by a UUID. */
export const IdParamSchema = z.object({ id: z.uuid('must be a UUID') });
export class IdParamDto extends createZodDto(IdParamSchema) {}

/** The paging fields of a newest-first list's query string. */
export const pageQueryFields = {
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: z.string().optional().describe('nextCursor of the previous page'),
};

/** One page of a newest-first list: `nextCursor` is null on the last page. */
export const pageSchema = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), nextCursor: z.string().nullable() });
