import { NotFoundException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { executionRow } from '../../test/factories/execution-rows';
import { DeliveryRow, TriggerRow } from '../database/database.types';
import { ExecutionDispatcher } from '../executions/execution-dispatcher';
import { NewExecution } from '../executions/executions.repository';
import { TriggerTarget, TriggersRepository } from '../triggers/triggers.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveriesService } from './deliveries.service';

const actor: Identity = { kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role: 'operator' };

const delivery = (over: Partial<DeliveryRow> = {}): DeliveryRow => ({
  id: 'd1',
  source: 'webhook',
  trigger_id: 't1',
  external_id: 'x1',
  dedup_key: 'webhook:t1:x1',
  event: 'pr',
  headers: {},
  payload: { action: 'opened' },
  received_at: new Date(),
  ...over,
});

const target = (over: Partial<TriggerTarget> = {}): TriggerTarget => ({
  id: 't1',
  bot_id: 'b1',
  type: 'webhook',
  enabled: true,
  config: {},
  secret_encrypted: 'sealed',
  bot_enabled: true,
  ...over,
});

const triggerRow = (type: TriggerRow['type']): TriggerRow => ({
  id: 't1',
  bot_id: 'b1',
  type,
  enabled: true,
  config: {},
  token: null,
  secret_encrypted: null,
  created_at: new Date(),
  updated_at: new Date(),
});

function setup(row: DeliveryRow = delivery()) {
  const { sut, mocks } = newTestService(DeliveriesService);
  mocks.get(DeliveriesRepository).findById.mockResolvedValue(row);
  mocks.get(DeliveriesRepository).list.mockResolvedValue([]);
  mocks
    .get(ExecutionDispatcher)
    .createAndQueue.mockImplementation((rows: NewExecution[]) =>
      Promise.resolve(rows.map((_, i) => executionRow({ id: `e${i}` }))),
    );
  return { sut, mocks };
}

describe(DeliveriesService.name, () => {
  describe('list', () => {
    it.each([
      ['received by a webhook trigger', 'webhook', { triggerId: 't1' }],
      ['that started a GitHub trigger', 'github', { startedTriggerId: 't1' }],
    ] as const)('should list the deliveries %s', async (_, type, filter) => {
      const { sut, mocks } = setup();
      mocks.get(TriggersRepository).findById.mockResolvedValue(triggerRow(type));
      await sut.list({ triggerId: 't1', limit: 10 });
      expect(mocks.get(DeliveriesRepository).list).toHaveBeenCalledWith({
        ...filter,
        limit: 11,
        before: undefined,
      });
    });

    it('should find nothing for an unknown trigger without listing', async () => {
      const { sut, mocks } = setup();
      await expect(sut.list({ triggerId: 't-none', limit: 10 })).resolves.toEqual({
        items: [],
        nextCursor: null,
      });
      expect(mocks.get(DeliveriesRepository).list).not.toHaveBeenCalled();
    });
  });

  describe('replay', () => {
    it('should answer 404 for an unknown delivery and start nothing', async () => {
      const { sut, mocks } = setup();
      mocks.get(DeliveriesRepository).findById.mockResolvedValue(undefined);
      await expect(sut.replay(actor, 'd-none')).rejects.toBeInstanceOf(NotFoundException);
      expect(mocks.get(ExecutionDispatcher).createAndQueue).not.toHaveBeenCalled();
      expect(mocks.get(AuditService).record).not.toHaveBeenCalled();
    });

    it('should start one replay execution with the first input through a matching webhook trigger', async () => {
      const { sut, mocks } = setup();
      mocks.get(TriggersRepository).findTarget.mockResolvedValue(target());
      await expect(sut.replay(actor, 'd1')).resolves.toEqual({ executionIds: ['e0'] });
      expect(mocks.get(TriggersRepository).findTarget).toHaveBeenCalledWith('t1');
      const [[rows]] = mocks.get(ExecutionDispatcher).createAndQueue.mock.calls;
      expect(rows).toEqual([
        {
          bot_id: 'b1',
          trigger_id: 't1',
          trigger_type: 'replay',
          delivery_id: 'd1',
          input: JSON.stringify({ payload: { action: 'opened' }, event: 'pr', deliveryId: 'd1' }),
        },
      ]);
      expect(mocks.get(AuditService).record).toHaveBeenCalledWith(
        actor,
        'delivery.replay',
        { type: 'delivery', id: 'd1' },
        { executionIds: ['e0'] },
      );
    });

    it.each([
      ['its trigger is gone', undefined],
      ['its trigger is disabled', target({ enabled: false })],
      ['its bot is disabled', target({ bot_enabled: false })],
      [
        'its trigger no longer matches',
        target({ config: { match: [{ path: 'action', op: 'eq', value: 'closed' }] } }),
      ],
    ])('should start nothing when %s, as the webhook received now would', async (_, now) => {
      const { sut, mocks } = setup();
      mocks.get(TriggersRepository).findTarget.mockResolvedValue(now);
      await expect(sut.replay(actor, 'd1')).resolves.toEqual({ executionIds: [] });
      expect(mocks.get(ExecutionDispatcher).createAndQueue).toHaveBeenCalledWith([]);
    });

    it('should not look up a trigger for a webhook delivery whose trigger was deleted', async () => {
      const { sut, mocks } = setup(delivery({ trigger_id: null }));
      await expect(sut.replay(actor, 'd1')).resolves.toEqual({ executionIds: [] });
      expect(mocks.get(TriggersRepository).findTarget).not.toHaveBeenCalled();
    });

    it("should replay a GitHub delivery through the enabled GitHub triggers that select GitHub's event name", async () => {
      const payload = { action: 'opened', repository: { full_name: 'acme/app' } };
      const { sut, mocks } = setup(
        delivery({
          source: 'github',
          trigger_id: null,
          event: 'pull_request.opened',
          headers: { 'x-github-event': 'pull_request' },
          payload,
        }),
      );
      const github = (id: string, events: string[], over: Partial<TriggerTarget> = {}) =>
        target({
          id,
          bot_id: `bot-${id}`,
          type: 'github',
          config: { events, authorAssociations: null },
          ...over,
        });
      mocks
        .get(TriggersRepository)
        .listEnabledTargets.mockResolvedValue([
          github('a', ['pull_request.opened']),
          github('b', ['pull_request']),
          github('c', ['push']),
          github('d', ['pull_request'], { bot_enabled: false }),
        ]);
      await sut.replay(actor, 'd1');
      expect(mocks.get(TriggersRepository).listEnabledTargets).toHaveBeenCalledWith('github');
      const [[rows]] = mocks.get(ExecutionDispatcher).createAndQueue.mock.calls;
      expect(rows.map((r) => [r.trigger_id, r.bot_id])).toEqual([
        ['a', 'bot-a'],
        ['b', 'bot-b'],
      ]);
      expect(JSON.parse(String(rows[0].input))).toMatchObject({
        event: 'pull_request.opened',
        deliveryId: 'd1',
        github: { event: 'pull_request' },
      });
    });
  });
});
