import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const WebhookResponseSchema = z.object({
  deliveryId: z.uuid(),
  executionIds: z
    .array(z.uuid())
    .describe('empty when no trigger matched (rules, events, repository, mention) or the bot is disabled'),
});
export class WebhookResponseDto extends createZodDto(WebhookResponseSchema) {}
