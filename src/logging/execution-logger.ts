import { Logger } from '@nestjs/common';

/**
 * A child of `logger` for one execution: every line carries `executionId` as a field, so an
 * operator can filter a worker's log by execution instead of grepping message text.
 */
export function executionLogger(logger: Logger, executionId: string) {
  return {
    log: (msg: string) => logger.log({ executionId, msg }),
    warn: (msg: string) => logger.warn({ executionId, msg }),
    error: (msg: string) => logger.error({ executionId, msg }),
  };
}
