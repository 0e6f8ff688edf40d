import { createHmac, randomUUID } from 'node:crypto';
import { readJson } from './api';

/** The value of X-Agented-Signature / X-Hub-Signature-256 for exactly these bytes. */
export const sign = (body: string, secret: string): string =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

/**
 * Standard Webhooks as a sender computes it: `v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`,
 * keyed with the trigger secret's UTF-8 bytes.
 */
export const signStandard = (id: string, timestamp: number, body: string, secret: string): string =>
  `v1,${createHmac('sha256', secret).update(`${id}.${timestamp}.${body}`).digest('base64')}`;

/** The three Standard Webhooks headers for `body`: a fresh id and the current time unless given. */
export function standardHeaders(
  body: string,
  secret: string,
  o: { id?: string; timestamp?: number } = {},
): Record<string, string> {
  const id = o.id ?? `msg_${randomUUID()}`;
  const timestamp = o.timestamp ?? Math.floor(Date.now() / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': signStandard(id, timestamp, body, secret),
  };
}

export interface HookOptions {
  /** sign with this secret instead of the trigger's */
  secret?: string;
  /** send this signature as it is; null sends none */
  signature?: string | null;
  headers?: Record<string, string>;
  contentType?: string;
}

/** POSTs `body` to a webhook trigger's URL, signed with the trigger's secret unless told otherwise. */
export function sendHook(
  app: { url: string },
  trigger: { url: string; secret: string },
  body: string,
  o: HookOptions = {},
): Promise<Response> {
  return fetch(`${app.url}${trigger.url}`, {
    method: 'POST',
    headers: {
      'content-type': o.contentType ?? 'application/json',
      ...(o.signature === null
        ? {}
        : { 'x-agented-signature': o.signature ?? sign(body, o.secret ?? trigger.secret) }),
      ...o.headers,
    },
    body,
  });
}

export interface GithubDelivery {
  event: string;
  body: string;
  /** X-GitHub-Delivery; a new one by default */
  id?: string;
  /** sent as it is; null sends none; by default the body signed with the app's secret */
  signature?: string | null;
  headers?: Record<string, string>;
}

/** POSTs a delivery to `/hooks/github` as GitHub would, signed with `secret` (GITHUB_WEBHOOK_SECRET). */
export function sendGithubDelivery(
  app: { url: string },
  secret: string,
  d: GithubDelivery,
): Promise<Response> {
  return fetch(`${app.url}/hooks/github`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-github-event': d.event,
      'x-github-delivery': d.id ?? randomUUID(),
      'user-agent': 'GitHub-Hookshot/abc1234',
      ...(d.signature === null ? {} : { 'x-hub-signature-256': d.signature ?? sign(d.body, secret) }),
      ...d.headers,
    },
    body: d.body,
  });
}

export interface HookAccepted {
  deliveryId: string;
  executionIds: string[];
}

/** The answer to an accepted delivery (202), or to a repeated one (200). */
export const accepted = (res: Response, status = 202): Promise<HookAccepted> =>
  readJson<HookAccepted>(res, status);
