import { createZodDto } from 'nestjs-zod';
import { z } from 'zod';
import { nonNegativeInt } from '../executions/executions.dto';

export class ExecutionStreamQueryDto extends createZodDto(
  z.object({
    lastEventId: nonNegativeInt
      .optional()
      .describe('resume after this log seq, for clients that cannot send the Last-Event-ID header'),
  }),
) {}

/** The header EventSource sends on reconnect: the id of the last event it received. */
export const lastEventIdHeader = nonNegativeInt.optional();
