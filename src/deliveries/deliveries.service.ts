import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { Page, pageByTime } from '../common/paging';
import { DeliveryRow } from '../database/database.types';
import { ExecutionDispatcher } from '../executions/execution-dispatcher';
import { ExecutionInput, githubInput, webhookInput } from '../executions/execution-input';
import { NewExecution } from '../executions/executions.repository';
import { githubContext } from '../github/github-event';
import { githubTargets } from '../triggers/github-trigger';
import { webhookTriggerRuns } from '../triggers/webhook-trigger';
import { TriggersRepository } from '../triggers/triggers.repository';
import { DeliveriesRepository } from './deliveries.repository';
import {
  DeliveryDetail,
  DeliverySummary,
  ListDeliveriesQueryDto,
  mapDeliveryDetail,
  mapDeliverySummary,
} from './deliveries.dto';

@Injectable()
export class DeliveriesService {
  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly triggers: TriggersRepository,
    private readonly dispatcher: ExecutionDispatcher,
    private readonly audit: AuditService,
  ) {}

  /**
   * Newest first. A webhook trigger's deliveries are those sent to its URL; a GitHub trigger's
   * are those that started it (a GitHub delivery belongs to no single trigger).
   */
  list(query: ListDeliveriesQueryDto): Promise<Page<DeliverySummary>> {
    return pageByTime(
      query,
      async (limit, before) => {
        let filter = {};
        if (query.triggerId !== undefined) {
          const trigger = await this.triggers.findById(query.triggerId);
          if (!trigger) return [];
          filter = trigger.type === 'webhook' ? { triggerId: trigger.id } : { startedTriggerId: trigger.id };
        }
        return this.deliveries.list({
          ...filter,
          limit,
          before: before && { receivedAt: before.at, id: before.id },
        });
      },
      (row) => row.received_at_exact,
      mapDeliverySummary,
    );
  }

  async get(id: string): Promise<DeliveryDetail> {
    const delivery = await this.findOrThrow(id);
    return mapDeliveryDetail(delivery, await this.deliveries.executionIdsOf(id));
  }

  /**
   * Runs the delivery again, as it would be received now: through the triggers that match it
   * today (enabled, of enabled bots, rules and events as they are now), each a new `replay`
   * execution with the same input as the first time.
   */
  async replay(actor: Identity, id: string): Promise<{ executionIds: string[] }> {
    const delivery = await this.findOrThrow(id);
    const rows = await this.replayExecutions(delivery);
    const created = await this.dispatcher.createAndQueue(rows);
    const executionIds = created.map((row) => row.id);
    await this.audit.record(actor, 'delivery.replay', { type: 'delivery', id }, { executionIds });
    return { executionIds };
  }

  private async replayExecutions(delivery: DeliveryRow): Promise<NewExecution[]> {
    const execution = (triggerId: string, botId: string, input: ExecutionInput): NewExecution => ({
      bot_id: botId,
      trigger_id: triggerId,
      trigger_type: 'replay',
      delivery_id: delivery.id,
      input: JSON.stringify(input),
    });

    if (delivery.source === 'webhook') {
      const trigger = delivery.trigger_id ? await this.triggers.findTarget(delivery.trigger_id) : undefined;
      return trigger && webhookTriggerRuns(trigger, delivery.payload)
        ? [execution(trigger.id, trigger.bot_id, webhookInput(delivery))]
        : [];
    }

    // The event name GitHub sent; the stored event is `event.action`.
    const event = delivery.headers['x-github-event'] ?? delivery.event?.split('.')[0] ?? '';
    const github = githubContext(event, delivery.payload);
    const targets = githubTargets(await this.triggers.listEnabledTargets('github'), event, delivery.payload);
    return targets.map((t) => execution(t.id, t.bot_id, githubInput(delivery, github)));
  }

  private async findOrThrow(id: string): Promise<DeliveryRow> {
    const delivery = await this.deliveries.findById(id);
    if (!delivery) throw new NotFoundException(`Delivery ${id} not found`);
    return delivery;
  }
}
