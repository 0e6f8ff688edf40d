import { BadRequestException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { IncomingHttpHeaders } from 'node:http';
import { InjectConfig } from '../config/config.module';
import { ApiConfig } from '../config/config.schema';
import { githubContext, githubEventKey } from '../github/github-event';
import { AcceptedWebhooks } from '../throttling/accepted-webhooks';
import { FailureLimits } from '../throttling/failure-limits';
import { byIp } from '../throttling/throttle-policies';
import { githubTargets } from '../triggers/github-trigger';
import { TriggersRepository } from '../triggers/triggers.repository';
import { DeliveriesRepository } from '../deliveries/deliveries.repository';
import { storableHeaders } from '../deliveries/delivery-headers';
import { DeliveryIntake, IntakeResult } from './delivery-intake';
import { SignatureCheck, checkSignature } from './webhook-signature';
import { headerValue, parseJson } from './webhook-request';

const SIGNATURE_HEADER = 'x-hub-signature-256';
const EVENT_HEADER = 'x-github-event';
const DELIVERY_HEADER = 'x-github-delivery';
const EVENT_NAME = /^[a-z_]{1,100}$/;

const SIGNATURE_PROBLEMS: Record<Exclude<SignatureCheck, 'valid'>, string> = {
  missing: 'Missing X-Hub-Signature-256 header; give the GitHub webhook a secret (GITHUB_WEBHOOK_SECRET)',
  malformed: 'X-Hub-Signature-256 must be sha256=<64 hex characters>',
  mismatch:
    "X-Hub-Signature-256 does not match the body; the webhook's secret must equal GITHUB_WEBHOOK_SECRET",
};

export type GithubWebhookResult = { ping: true } | (IntakeResult & { ping: false });

/**
 * POST /hooks/github: one delivery per X-GitHub-Delivery, one execution per enabled GitHub
 * trigger that selects the event (and repository, and mention), each with the `github` fields
 * of the payload in its input. Same checks and answers as generic webhooks.
 */
@Injectable()
export class GithubWebhooksService {
  constructor(
    @InjectConfig() private readonly config: ApiConfig,
    private readonly triggers: TriggersRepository,
    private readonly deliveries: DeliveriesRepository,
    private readonly intake: DeliveryIntake,
    private readonly failures: FailureLimits,
    private readonly accepted: AcceptedWebhooks,
  ) {}

  /**
   * 404 (off) → 401 → 429 → 400, `ping` → done; then one statement for the delivery and its
   * executions. As for generic webhooks, a bad signature counts against the source IP's failures
   * and only a signed delivery against the budget of /hooks/github.
   */
  async ingest(
    rawBody: Buffer,
    headers: IncomingHttpHeaders,
    sourceIp: string,
  ): Promise<GithubWebhookResult> {
    const secret = this.config.GITHUB_WEBHOOK_SECRET;
    if (!secret) {
      throw new NotFoundException(
        'GitHub webhooks are off on this server: set GITHUB_WEBHOOK_SECRET and give the GitHub webhook the same secret',
      );
    }
    const signature = checkSignature(secret, rawBody, headers[SIGNATURE_HEADER]);
    if (signature !== 'valid') {
      await this.failures.record({ kind: 'webhook', tracker: byIp({ ip: sourceIp }) });
      throw new UnauthorizedException(SIGNATURE_PROBLEMS[signature]);
    }
    await this.accepted.count('github');

    const event = headerValue(headers, EVENT_HEADER);
    if (!event || !EVENT_NAME.test(event)) {
      throw new BadRequestException('X-GitHub-Event must name the event, e.g. pull_request');
    }
    const payloadJson = jsonOf(rawBody, headers['content-type']);
    const payload = parseJson(payloadJson);
    if (event === 'ping') return { ping: true };

    const externalId = headerValue(headers, DELIVERY_HEADER) ?? randomUUID();
    const dedupKey = `github:${externalId}`;
    const targets = githubTargets(await this.triggers.listEnabledTargets('github'), event, payload);
    const result = await this.intake.record(
      () =>
        this.deliveries.insertGithub({
          externalId,
          dedupKey,
          event: githubEventKey(event, payload),
          headers: storableHeaders(headers),
          payloadJson,
          github: githubContext(event, payload),
          targets: targets.map((t) => ({ triggerId: t.id, botId: t.bot_id })),
        }),
      { dedupKey, externalId },
    );
    return { ...result, ping: false };
  }
}

/** GitHub sends JSON, or with content type "application/x-www-form-urlencoded" a `payload` field holding it. */
function jsonOf(rawBody: Buffer, contentType: string | undefined): string {
  const text = rawBody.toString('utf8');
  if (!contentType?.toLowerCase().startsWith('application/x-www-form-urlencoded')) return text;
  const payload = new URLSearchParams(text).get('payload');
  if (payload === null)
    throw new BadRequestException('A form-encoded body must carry the JSON in a `payload` field');
  return payload;
}
