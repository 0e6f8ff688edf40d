import { BadRequestException, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { sign, standardHeaders } from '../../test/helpers/webhooks';
import { CONFIG } from '../config/config.module';
import { SecretBox } from '../crypto/secret-box';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { ExecutionDispatcher } from '../executions/execution-dispatcher';
import { AcceptedWebhooks } from '../throttling/accepted-webhooks';
import { FailureLimits } from '../throttling/failure-limits';
import { TriggersRepository, WebhookTarget } from '../triggers/triggers.repository';
import { DeliveryIntake } from './delivery-intake';
import { WebhooksService } from './webhooks.service';

const TOKEN = 'a'.repeat(43);
const SECRET = 'the-trigger-secret';
const IP = '203.0.113.7';
const webhookFailure = { kind: 'webhook', tracker: `ip:${IP}` };

const target = (over: Partial<WebhookTarget> = {}): WebhookTarget => ({
  id: 't1',
  bot_id: 'b1',
  enabled: true,
  config: {},
  secret_encrypted: 'sealed',
  bot_enabled: true,
  ...over,
});

/** `null`: no trigger has the token. */
function setup(trigger: WebhookTarget | null = target()) {
  const { sut, mocks } = newTestService(WebhooksService, {
    values: [
      { provide: CONFIG, useValue: { WEBHOOK_LEGACY_SIGNATURES: true, WEBHOOK_TOLERANCE_SECONDS: 300 } },
    ],
    // The dedup answer is DeliveryIntake's; built for real over the same mocked repository.
    real: [DeliveryIntake],
  });
  mocks
    .get(TriggersRepository)
    .findWebhooksByTokens.mockImplementation((tokens) =>
      Promise.resolve(tokens.map((t) => (t === TOKEN ? (trigger ?? undefined) : undefined))),
    );
  mocks.get(SecretBox).decrypt.mockReturnValue(SECRET);
  mocks
    .get(DeliveriesRepository)
    .insertWebhooks.mockImplementation((list) =>
      Promise.resolve(list.map((_, i) => ({ deliveryId: `d${i}`, executionIds: [`e${i}`] }))),
    );
  return { sut, mocks };
}

const signed = (body: string) => ({ 'x-agented-signature': sign(body, SECRET) });

describe(WebhooksService.name, () => {
  describe('ingest', () => {
    it('should answer 404 for a token of the wrong shape without looking it up, and record a failure', async () => {
      const { sut, mocks } = setup();
      await expect(sut.ingest('short', Buffer.from('{}'), signed('{}'), IP)).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(mocks.get(TriggersRepository).findWebhooksByTokens).not.toHaveBeenCalled();
      expect(mocks.get(FailureLimits).record).toHaveBeenCalledWith(webhookFailure);
    });

    it.each([
      ['unknown', null],
      ['disabled', target({ enabled: false })],
      ['secretless', target({ secret_encrypted: null })],
    ])('should answer 404 before checking the signature for an %s trigger', async (_, trigger) => {
      const { sut, mocks } = setup(trigger);
      // Unsigned and not JSON: 404 still comes first.
      await expect(sut.ingest(TOKEN, Buffer.from('not json'), {}, IP)).rejects.toBeInstanceOf(
        NotFoundException,
      );
      expect(mocks.get(SecretBox).decrypt).not.toHaveBeenCalled();
      expect(mocks.get(FailureLimits).record).toHaveBeenCalledWith(webhookFailure);
      expect(mocks.get(AcceptedWebhooks).count).not.toHaveBeenCalled();
    });

    it('should answer 401 before 400 for a bad signature on a body that is not JSON', async () => {
      const { sut, mocks } = setup();
      const body = 'not json';
      await expect(
        sut.ingest(TOKEN, Buffer.from(body), { 'x-agented-signature': sign(body, 'other') }, IP),
      ).rejects.toBeInstanceOf(UnauthorizedException);
      expect(mocks.get(FailureLimits).record).toHaveBeenCalledWith(webhookFailure);
      // An unsigned request never spends the trigger's budget, nor is it stored.
      expect(mocks.get(AcceptedWebhooks).count).not.toHaveBeenCalled();
      expect(mocks.get(DeliveriesRepository).insertWebhooks).not.toHaveBeenCalled();
    });

    it('should answer 400 for a signed body that is not JSON, counted against the trigger, not the IP', async () => {
      const { sut, mocks } = setup();
      const body = 'not json';
      await expect(sut.ingest(TOKEN, Buffer.from(body), signed(body), IP)).rejects.toBeInstanceOf(
        BadRequestException,
      );
      expect(mocks.get(AcceptedWebhooks).count).toHaveBeenCalledWith('t1');
      expect(mocks.get(FailureLimits).record).not.toHaveBeenCalled();
      expect(mocks.get(DeliveriesRepository).insertWebhooks).not.toHaveBeenCalled();
    });

    it('should record a signed delivery with its execution and queue it', async () => {
      const { sut, mocks } = setup();
      const body = '{"ok":true}';
      const headers = { ...signed(body), 'x-agented-delivery': 'del-1', 'x-agented-event': 'push' };
      await expect(sut.ingest(TOKEN, Buffer.from(body), headers, IP)).resolves.toEqual({
        deliveryId: 'd0',
        executionIds: ['e0'],
        duplicate: false,
      });
      expect(mocks.get(DeliveriesRepository).insertWebhooks).toHaveBeenCalledWith([
        expect.objectContaining({
          triggerId: 't1',
          botId: 'b1',
          externalId: 'del-1',
          dedupKey: 'webhook:t1:del-1',
          event: 'push',
          payloadJson: body,
          withExecution: true,
        }),
      ]);
      expect(mocks.get(ExecutionDispatcher).enqueue).toHaveBeenCalledWith(['e0']);
      expect(mocks.get(FailureLimits).record).not.toHaveBeenCalled();
    });

    it.each([
      ['its bot is disabled', target({ bot_enabled: false })],
      ['a rule does not hold', target({ config: { match: [{ path: 'ok', equals: false }] } })],
    ])('should record the delivery without an execution when %s', async (_, trigger) => {
      const { sut, mocks } = setup(trigger);
      const body = '{"ok":true}';
      await sut.ingest(TOKEN, Buffer.from(body), signed(body), IP);
      expect(mocks.get(DeliveriesRepository).insertWebhooks).toHaveBeenCalledWith([
        expect.objectContaining({ withExecution: false }),
      ]);
    });

    it('should dedup on the signed webhook-id, not X-Agented-Delivery', async () => {
      const { sut, mocks } = setup();
      const body = '{}';
      const headers = { ...standardHeaders(body, SECRET, { id: 'msg_1' }), 'x-agented-delivery': 'other' };
      await sut.ingest(TOKEN, Buffer.from(body), headers, IP);
      expect(mocks.get(DeliveriesRepository).insertWebhooks).toHaveBeenCalledWith([
        expect.objectContaining({ externalId: 'msg_1', dedupKey: 'webhook:t1:msg_1' }),
      ]);
    });

    it('should repeat the first answer for a repeated delivery id and queue nothing', async () => {
      const { sut, mocks } = setup();
      const deliveries = mocks.get(DeliveriesRepository);
      deliveries.insertWebhooks.mockResolvedValue([undefined]);
      deliveries.findOutcome.mockResolvedValue({ deliveryId: 'first', executionIds: ['e-first'] });
      const body = '{}';
      await expect(
        sut.ingest(TOKEN, Buffer.from(body), { ...signed(body), 'x-agented-delivery': 'del-1' }, IP),
      ).resolves.toEqual({ deliveryId: 'first', executionIds: ['e-first'], duplicate: true });
      expect(deliveries.findOutcome).toHaveBeenCalledWith('webhook:t1:del-1');
      expect(mocks.get(ExecutionDispatcher).enqueue).not.toHaveBeenCalled();
    });
  });
});
