import { BadRequestException, ConflictException, Injectable } from '@nestjs/common';
import { isDataException } from '../database/pg-errors';
import { ExecutionDispatcher } from '../executions/execution-dispatcher';
import { DeliveriesRepository, DeliveryOutcome } from '../deliveries/deliveries.repository';

export interface IntakeResult extends DeliveryOutcome {
  /** true when this delivery id was seen before: the first answer is repeated, nothing is queued */
  duplicate: boolean;
}

/**
 * The tail every webhook source shares once a delivery passed its checks: one INSERT for the
 * delivery and its executions, the first answer again for a repeated delivery id, else the queue.
 */
@Injectable()
export class DeliveryIntake {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly dispatcher: ExecutionDispatcher,
  ) {}

  /** `insert` answers undefined when `dedupKey` is taken. */
  async record(
    insert: () => Promise<DeliveryOutcome | undefined>,
    { dedupKey, externalId }: { dedupKey: string; externalId: string },
  ): Promise<IntakeResult> {
    const created = await insert().catch((err: unknown) => {
      // Text PostgreSQL refuses never gets here (see readJsonInput); a number it cannot hold does.
      if (isDataException(err)) {
        throw new BadRequestException('The JSON body holds a value PostgreSQL cannot store (e.g. 1e999999)');
      }
      throw err;
    });

    if (!created) {
      const first = await this.deliveries.findOutcome(dedupKey);
      // Only when the first delivery was deleted between our insert and this read.
      if (!first)
        throw new ConflictException(`Delivery ${externalId} changed while it was received; resend it`);
      return { ...first, duplicate: true };
    }
    await this.dispatcher.enqueue(created.executionIds);
    return { ...created, duplicate: false };
  }
}
