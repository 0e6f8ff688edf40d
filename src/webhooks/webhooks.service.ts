import { Injectable, NotFoundException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../crypto/secret-box';
import { MicroBatcher } from '../common/micro-batcher';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { AcceptedWebhooks } from '../throttling/accepted-webhooks';
import { Failure, FailureLimits } from '../throttling/failure-limits';
import { byIp } from '../throttling/throttle-policies';
import { webhookTriggerRuns } from '../triggers/webhook-trigger';
import { TriggersRepository, WebhookTarget } from '../triggers/triggers.repository';
import {
  DeliveriesRepository,
  DeliveryOutcome,
  NewWebhookDelivery,
} from '../deliveries/deliveries.repository';
import { storableHeaders } from '../deliveries/delivery-headers';
import { DeliveryIntake, IntakeResult } from './delivery-intake';
import { verifyWebhook } from './webhook-authenticity';
import { headerValue, parseJson } from './webhook-request';

export const DELIVERY_HEADER = 'x-agented-delivery';
export const EVENT_HEADER = 'x-agented-event';

/** Tokens we issue are 43 base64url characters; anything else cannot match and costs no query. */
const TOKEN_FORMAT = /^[A-Za-z0-9_-]{16,128}$/;
/**
 * Group commit (DESIGN.md): webhooks arriving together share one trigger lookup and one INSERT
 * statement (and, in the dispatcher, one queue call). A few batches may run at once, leaving
 * pool connections for everything else; payload bytes cap how much one statement carries.
 */
const GROUP_COMMIT = { maxConcurrent: 4, maxItems: 200 };
const MAX_BATCH_PAYLOAD_BYTES = 4 * 1024 * 1024;

@Injectable()
export class WebhooksService {
  private readonly lookups: MicroBatcher<string, WebhookTarget | undefined>;
  private readonly inserts: MicroBatcher<NewWebhookDelivery, DeliveryOutcome | undefined>;

  constructor(
    triggers: TriggersRepository,
    deliveries: DeliveriesRepository,
    private readonly intake: DeliveryIntake,
    private readonly secretBox: SecretBox,
    @InjectConfig() private readonly config: Config,
    private readonly failures: FailureLimits,
    private readonly accepted: AcceptedWebhooks,
  ) {
    this.lookups = new MicroBatcher((tokens) => triggers.findWebhooksByTokens(tokens), GROUP_COMMIT);
    this.inserts = new MicroBatcher((list) => deliveries.insertWebhooks(list), {
      ...GROUP_COMMIT,
      maxWeight: MAX_BATCH_PAYLOAD_BYTES,
      weigh: (d) => d.payloadJson.length,
    });
  }

  /**
   * 404 → 401 → 429 → 400, then one statement for delivery and execution, then the queue.
   * Unknown URLs and bad signatures count against the source IP's failures (ThrottleGuard refuses
   * it past their limit), never against the trigger's budget: only a signed delivery uses that.
   */
  async ingest(
    token: string,
    rawBody: Buffer,
    headers: IncomingHttpHeaders,
    sourceIp: string,
  ): Promise<IntakeResult> {
    const failure: Failure = { kind: 'webhook', tracker: byIp({ ip: sourceIp }) };
    const trigger = TOKEN_FORMAT.test(token) ? await this.lookups.add(token) : undefined;
    if (!trigger?.enabled || !trigger.secret_encrypted) {
      await this.failures.record(failure);
      throw new NotFoundException('No enabled webhook trigger has this URL');
    }

    let signedId: string | undefined;
    try {
      ({ signedId } = verifyWebhook(this.secretBox.decrypt(trigger.secret_encrypted), rawBody, headers, {
        legacy: this.config.WEBHOOK_LEGACY_SIGNATURES,
        toleranceSeconds: this.config.WEBHOOK_TOLERANCE_SECONDS,
        nowSeconds: Math.floor(Date.now() / 1000),
      }));
    } catch (err) {
      await this.failures.record(failure);
      throw err;
    }
    await this.accepted.count(trigger.id);

    const payloadJson = rawBody.toString('utf8');
    const payload = parseJson(payloadJson);
    // A Standard Webhooks id is signed, so it is the one that dedups; X-Agented-Delivery is not.
    const externalId = signedId ?? headerValue(headers, DELIVERY_HEADER) ?? randomUUID();
    const event = headerValue(headers, EVENT_HEADER) ?? null;
    const dedupKey = `webhook:${trigger.id}:${externalId}`;

    return this.intake.record(
      () =>
        this.inserts.add({
          triggerId: trigger.id,
          botId: trigger.bot_id,
          externalId,
          dedupKey,
          event,
          headers: storableHeaders(headers),
          payloadJson,
          withExecution: webhookTriggerRuns(trigger, payload),
        }),
      { dedupKey, externalId },
    );
  }
}
