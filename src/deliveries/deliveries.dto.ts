import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { pageQueryFields, pageSchema } from '../common/common.dto';
import { DeliveryRow } from '../database/database.types';
import { DeliveryListRow } from './deliveries.repository';
import { storableHeaders } from './delivery-headers';

export class ListDeliveriesQueryDto extends createZodDto(
  z.object({
    triggerId: z
      .uuid('must be a UUID')
      .optional()
      .describe('deliveries received by, or started, this trigger'),
    ...pageQueryFields,
  }),
) {}

const summarySchema = z.object({
  id: z.uuid(),
  source: z.enum(['webhook', 'github']),
  triggerId: z.uuid().nullable().describe('the webhook trigger it was sent to; null for GitHub'),
  externalId: z.string().describe('X-Agented-Delivery / X-GitHub-Delivery, or one we generated'),
  event: z.string().nullable().describe('X-Agented-Event, or the GitHub event.action'),
  receivedAt: z.iso.datetime(),
});
export type DeliverySummary = z.infer<typeof summarySchema>;

export class DeliveryPageDto extends createZodDto(pageSchema(summarySchema)) {}

const detailSchema = summarySchema.extend({
  headers: z.record(z.string(), z.string()).describe('as received, without signatures and credentials'),
  payload: z.unknown(),
  executionIds: z
    .array(z.uuid())
    .describe('every execution of this delivery, replays included, oldest first'),
});
export type DeliveryDetail = z.infer<typeof detailSchema>;
export class DeliveryDetailDto extends createZodDto(detailSchema) {}

export class ReplayResponseDto extends createZodDto(
  z.object({ executionIds: z.array(z.uuid()).describe('empty when no enabled trigger matches it now') }),
) {}

export function mapDeliverySummary(row: DeliveryListRow | DeliveryRow): DeliverySummary {
  return {
    id: row.id,
    source: row.source,
    triggerId: row.trigger_id,
    externalId: row.external_id,
    event: row.event,
    receivedAt: row.received_at.toISOString(),
  };
}

/** Headers are filtered again on the way out: rows stored before a filter was widened stay safe. */
export function mapDeliveryDetail(row: DeliveryRow, executionIds: string[]): DeliveryDetail {
  return {
    ...mapDeliverySummary(row),
    headers: storableHeaders(row.headers),
    payload: row.payload,
    executionIds,
  };
}
