import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot, createTrigger, createWebhookTrigger } from '../factories/api';
import { ApiClient, apiAs, expectError, readJson } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';
import { accepted, sendGithubDelivery, sendHook } from '../helpers/webhooks';

const GITHUB_SECRET = 'github-test-secret-0123456789abcdef';

/** `{"a":{"a":…1…}}`, `depth` objects deep. */
const nested = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const TOO_DEEP = nested(50_000);
const TOO_DEEP_MESSAGE = /nested deeper than 64 levels/;

/** Each string PostgreSQL text/jsonb cannot hold: a NUL, a lone high and a lone low surrogate. */
const MALFORMED = ['a\u0000b', 'x\ud800', '\udc00y'];
const MALFORMED_MESSAGE = /must not contain NUL \(\\u0000\) or an unpaired UTF-16 surrogate/;

describe('input limits: every malformed or oversized input is a 400, never a 500', () => {
  let t: TestApp;
  let operator: ApiClient;
  let admin: ApiClient;
  let botId: string;

  beforeAll(async () => {
    t = await startTestApp({ GITHUB_WEBHOOK_SECRET: GITHUB_SECRET });
    operator = await apiAs(t, 'operator');
    admin = await apiAs(t, 'admin');
    botId = (await createBot(operator)).id;
  });
  afterAll(() => t.close());

  /** POSTs raw JSON text as an operator (ApiClient would re-encode it). */
  const postText = (path: string, text: string, as: ApiClient = operator) =>
    fetch(`${t.url}${path}`, {
      method: 'POST',
      headers: { ...as.headers, 'content-type': 'application/json' },
      body: text,
    });

  describe('deeply nested JSON', () => {
    it('should refuse it on a generic webhook, after the signature check', async () => {
      const trigger = await createWebhookTrigger(operator);
      await expectError(await sendHook(t, trigger, TOO_DEEP), 400, TOO_DEEP_MESSAGE);
      await expectError(await sendHook(t, trigger, TOO_DEEP, { secret: 'wrong' }), 401, /signature/i);
    });

    it('should refuse it on the GitHub webhook, JSON or form-encoded', async () => {
      await expectError(
        await sendGithubDelivery(t, GITHUB_SECRET, { event: 'push', body: TOO_DEEP }),
        400,
        TOO_DEEP_MESSAGE,
      );
      const form = `payload=${encodeURIComponent(TOO_DEEP)}`;
      await expectError(
        await sendGithubDelivery(t, GITHUB_SECRET, {
          event: 'push',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        400,
        TOO_DEEP_MESSAGE,
      );
    });

    it('should refuse it as run input and as a preview payload', async () => {
      await expectError(
        await postText(`/api/bots/${botId}/run`, `{"input":${TOO_DEEP}}`),
        400,
        TOO_DEEP_MESSAGE,
      );
      await expectError(
        await postText(`/api/bots/${botId}/preview`, `{"payload":${TOO_DEEP}}`),
        400,
        TOO_DEEP_MESSAGE,
      );
    });

    it('should refuse it on any JSON route, even where nothing reads the body', async () => {
      await expectError(await postText('/api/auth/login', TOO_DEEP), 400, TOO_DEEP_MESSAGE);
    });

    it('should accept nesting up to the limit everywhere', async () => {
      // 64 levels in all: the body's own object is the first, the run's input the second.
      const input = nested(63);
      const run = await postText(`/api/bots/${botId}/run`, `{"input":${input}}`);
      expect(await readJson(run, 202)).toEqual({ executionId: expect.any(String) });
      const trigger = await createWebhookTrigger(operator);
      expect((await accepted(await sendHook(t, trigger, nested(64)))).executionIds).toHaveLength(1);
      await expectError(
        await postText(`/api/bots/${botId}/run`, `{"input":${nested(64)}}`),
        400,
        TOO_DEEP_MESSAGE,
      );
      await expectError(await sendHook(t, trigger, nested(65)), 400, TOO_DEEP_MESSAGE);
    });
  });

  describe('NUL and unpaired surrogates', () => {
    it.each(MALFORMED)('should refuse %j as an API key name, naming the field', async (name) => {
      await expectError(
        await admin.call('POST', '/api/api-keys', { name, role: 'viewer' }),
        400,
        new RegExp(`^name: ${MALFORMED_MESSAGE.source}`),
      );
    });

    it.each(['%00', 'a%00b'])('should refuse ?actor=%s on the audit log', async (actor) => {
      const res = await fetch(`${t.url}/api/audit?actor=${actor}`, { headers: admin.headers });
      expect(res.status).toBe(400);
    });

    it('should name the query field that holds a NUL', async () => {
      const res = await fetch(`${t.url}/api/audit?actor=%00`, { headers: admin.headers });
      await expectError(res, 400, new RegExp(`^actor: ${MALFORMED_MESSAGE.source}`));
    });

    it.each(MALFORMED)('should refuse %j in a match rule path or value', async (bad) => {
      const create = (rule: Record<string, unknown>) =>
        operator.call('POST', `/api/bots/${botId}/triggers`, { type: 'webhook', match: [rule] });
      await expectError(
        await create({ path: `pr.${bad}`, op: 'eq', value: 'x' }),
        400,
        new RegExp(`^match\\.0\\.path: ${MALFORMED_MESSAGE.source}`),
      );
      await expectError(
        await create({ path: 'pr', op: 'contains', value: bad }),
        400,
        new RegExp(`^match\\.0\\.value: ${MALFORMED_MESSAGE.source}`),
      );
    });

    it.each(MALFORMED)('should refuse %j in run input, in a value or a key', async (bad) => {
      await expectError(
        await operator.call('POST', `/api/bots/${botId}/run`, { input: { list: ['ok', bad] } }),
        400,
        new RegExp(`^input\\.list\\.1: ${MALFORMED_MESSAGE.source}`),
      );
      await expectError(
        await operator.call('POST', `/api/bots/${botId}/run`, { input: { [bad]: 1 } }),
        400,
        MALFORMED_MESSAGE,
      );
    });

    it.each(MALFORMED)('should refuse %j in a webhook payload, naming where', async (bad) => {
      const trigger = await createWebhookTrigger(operator);
      await expectError(
        await sendHook(t, trigger, JSON.stringify({ pr: { title: bad } })),
        400,
        new RegExp(`^payload\\.pr\\.title: ${MALFORMED_MESSAGE.source}`),
      );
      await expectError(
        await sendGithubDelivery(t, GITHUB_SECRET, { event: 'push', body: JSON.stringify({ ref: bad }) }),
        400,
        MALFORMED_MESSAGE,
      );
    });

    it('should refuse a number PostgreSQL cannot store in a webhook payload', async () => {
      const trigger = await createWebhookTrigger(operator);
      await expectError(
        await sendHook(t, trigger, '{"n":1e999999}'),
        400,
        /cannot store \(e\.g\. 1e999999\)/,
      );
    });

    it('should keep every well-formed string, emoji and escaped pairs included', async () => {
      const title = 'Füße 😀 日本 \u2028 \ufffd';
      const body = `{"title":"${title}","escaped":"\\ud83d\\ude00"}`;
      const trigger = await createWebhookTrigger(operator, [], { name: `emoji-${Date.now()}` });
      const { executionIds } = await accepted(await sendHook(t, trigger, body));
      const row = await t.db
        .selectFrom('executions')
        .select('input')
        .where('id', '=', executionIds[0])
        .executeTakeFirstOrThrow();
      expect(row.input).toMatchObject({ payload: { title, escaped: '😀' } });

      const actor = await fetch(`${t.url}/api/audit?actor=%F0%9F%98%80`, { headers: admin.headers });
      expect(actor.status).toBe(200);
      const key = await readJson(
        await admin.call('POST', '/api/api-keys', { name: `CI 😀`, role: 'viewer' }),
        201,
      );
      expect(key.name).toBe('CI 😀');
      await createTrigger(operator, botId, {
        type: 'webhook',
        match: [{ path: 'title', op: 'eq', value: '😀' }],
      });
    });
  });
});
