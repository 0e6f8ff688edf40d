import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';

export const PREVIEW_SOURCES = ['webhook', 'github', 'schedule', 'manual'] as const;

export const PreviewSchema = z
  .object({
    template: z.string().max(100_000).optional().describe("default: the bot's promptTemplate"),
    command: z
      .array(z.string().max(10_000))
      .min(1)
      .max(256)
      .optional()
      .describe("default: the bot's command (argv items, rendered without delimiters)"),
    source: z.enum(PREVIEW_SOURCES).default('webhook').describe('what starts the run: decides the context'),
    event: z
      .string()
      .max(200)
      .optional()
      .describe('webhook: X-Agented-Event; github: X-GitHub-Event, e.g. pull_request (required)'),
    payload: z.unknown().optional().describe('the sample body (webhook, github)'),
    input: z.record(z.string(), z.unknown()).optional().describe('the run input (manual)'),
  })
  .superRefine((body, ctx) => {
    if (body.source === 'github' && !body.event) {
      ctx.addIssue({
        code: 'custom',
        path: ['event'],
        message: 'is required for source "github": the X-GitHub-Event name, e.g. pull_request',
      });
    }
  });
export class PreviewDto extends createZodDto(PreviewSchema) {}

export const PreviewResponseSchema = z.object({
  prompt: z.string().describe('the rendered template, values from outside fenced as <untrusted-data>'),
  command: z.array(z.string()).nullable().describe('the rendered argv; null when there is no command'),
  context: z.record(z.string(), z.unknown()).describe('what the placeholders were filled from'),
  problems: z
    .array(z.string())
    .describe(
      'placeholders that cannot render (they render empty), and command items a value would make an option',
    ),
});
export class PreviewResponseDto extends createZodDto(PreviewResponseSchema) {}
export type PreviewResponse = z.infer<typeof PreviewResponseSchema>;
