import { Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { randomUUID } from 'node:crypto';
import { SecretBox } from '../crypto/secret-box';
import { MicroBatcher } from '../common/micro-batcher';
import { webhookTriggerRuns } from '../triggers/webhook-trigger';
import { TriggersRepository, WebhookTarget } from '../triggers/triggers.repository';
import {
  DeliveriesRepository,
  DeliveryOutcome,
  NewWebhookDelivery,
} from '../deliveries/deliveries.repository';
import { DeliveryIntake, IntakeResult } from './delivery-intake';
import { SIGNATURE_HEADER, SignatureCheck, checkSignature } from './webhook-signature';
import { headerValue, parseJson, storableHeaders } from './webhook-request';

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

const SIGNATURE_PROBLEMS: Record<Exclude<SignatureCheck, 'valid'>, string> = {
  missing: 'Missing X-Agented-Signature header; send sha256=<hex HMAC-SHA256 of the body with the secret>',
  malformed: 'X-Agented-Signature must be sha256=<64 hex characters>',
  mismatch: 'X-Agented-Signature does not match the body; check the secret and sign the exact bytes sent',
};

@Injectable()
export class WebhooksService {
  private readonly lookups: MicroBatcher<string, WebhookTarget | undefined>;
  private readonly inserts: MicroBatcher<NewWebhookDelivery, DeliveryOutcome | undefined>;

  constructor(
    triggers: TriggersRepository,
    deliveries: DeliveriesRepository,
    private readonly intake: DeliveryIntake,
    private readonly secretBox: SecretBox,
  ) {
    this.lookups = new MicroBatcher((tokens) => triggers.findWebhooksByTokens(tokens), GROUP_COMMIT);
    this.inserts = new MicroBatcher((list) => deliveries.insertWebhooks(list), {
      ...GROUP_COMMIT,
      maxWeight: MAX_BATCH_PAYLOAD_BYTES,
      weigh: (d) => d.payloadJson.length,
    });
  }

  /** 404 → 401 → 400, then one statement for delivery and execution, then the queue. */
  async ingest(token: string, rawBody: Buffer, headers: IncomingHttpHeaders): Promise<IntakeResult> {
    const trigger = TOKEN_FORMAT.test(token) ? await this.lookups.add(token) : undefined;
    if (!trigger?.enabled || !trigger.secret_encrypted) {
      throw new NotFoundException('No enabled webhook trigger has this URL');
    }

    const signature = checkSignature(
      this.secretBox.decrypt(trigger.secret_encrypted),
      rawBody,
      headers[SIGNATURE_HEADER],
    );
    if (signature !== 'valid') throw new UnauthorizedException(SIGNATURE_PROBLEMS[signature]);

    const payloadJson = rawBody.toString('utf8');
    const payload = parseJson(payloadJson);
    const externalId = headerValue(headers, DELIVERY_HEADER) ?? randomUUID();
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
