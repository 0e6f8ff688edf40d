import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SecretBox } from '../../src/crypto/secret-box';
import { createBot, createTrigger } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('triggers', () => {
  let t: TestApp;
  let botId: string;
  let operator: ApiClient;

  const newTrigger = (body: Json = {}) => createTrigger(operator, botId, { type: 'webhook', ...body });

  beforeAll(async () => {
    t = await startTestApp();
    operator = await apiAs(t, 'operator');
    botId = (await createBot(operator)).id;
  });
  afterAll(() => t.close());

  describe('POST /api/bots/:id/triggers', () => {
    it('should create a webhook trigger with a URL and a secret shown once', async () => {
      const trigger = await newTrigger();
      expect(trigger).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        botId,
        type: 'webhook',
        enabled: true,
        match: [],
        url: expect.stringMatching(/^\/hooks\/[A-Za-z0-9_-]{43}$/),
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('should store the secret encrypted under the master key', async () => {
      const trigger = await newTrigger();
      const row = await t.db
        .selectFrom('triggers')
        .selectAll()
        .where('id', '=', String(trigger.id))
        .executeTakeFirstOrThrow();
      expect(row.secret_encrypted).toMatch(/^v1\./);
      expect(row.secret_encrypted).not.toContain(String(trigger.secret));
      expect(new SecretBox(t.env.config.MASTER_KEY.key).decrypt(row.secret_encrypted!)).toBe(trigger.secret);
      expect(`/hooks/${row.token}`).toBe(trigger.url);
    });

    it('should keep match rules and the enabled flag', async () => {
      const match = [
        { path: 'action', op: 'eq', value: 'opened' },
        { path: 'pull_request.title', op: 'regex', value: '^fix' },
        { path: 'sender', op: 'exists' },
      ];
      const trigger = await newTrigger({ enabled: false, match });
      expect(trigger).toMatchObject({ enabled: false, match });
    });

    it.each([
      [{ type: 'ftp' }, /^type: must be one of "webhook", "github", "schedule"$/],
      [{ type: 'github' }, /^events: /],
      [{ type: 'schedule', cron: '61 * * * *' }, /^cron: .*minute: 61/],
      [{}, /^type: /],
      [{ type: 'webhook', enabled: 'no' }, /^enabled: /],
      [{ type: 'webhook', match: {} }, /^match: /],
      [{ type: 'webhook', match: [{ path: 'a', op: 'like', value: 'x' }] }, /^match\.0\.op: /],
      [{ type: 'webhook', match: [{ path: 'a', op: 'eq' }] }, /^match\.0\.value: is required/],
      [{ type: 'webhook', match: [{ path: '', op: 'exists' }] }, /^match\.0\.path: /],
      [
        { type: 'webhook', match: [{ path: 'a', op: 'regex', value: '([a-z' }] },
        /^match\.0\.value: is not a valid/,
      ],
      [
        { type: 'webhook', match: [{ path: 'a', op: 'regex', value: '(a+)+$' }] },
        /^match\.0\.value: .*nested/,
      ],
      [
        { type: 'webhook', match: [{ path: 'a', op: 'regex', value: 'a'.repeat(201) }] },
        /^match\.0\.value: .*200/,
      ],
    ])('should answer 400 naming the field for %j', async (body, message) => {
      await expectError(await operator.call('POST', `/api/bots/${botId}/triggers`, body), 400, message);
    });

    it('should answer 404 for an unknown bot and 400 for a bad id', async () => {
      await expectError(
        await operator.call('POST', `/api/bots/${UNKNOWN_ID}/triggers`, { type: 'webhook' }),
        404,
        /Bot/,
      );
      await expectError(
        await operator.call('POST', '/api/bots/nope/triggers', { type: 'webhook' }),
        400,
        /^id: /,
      );
    });
  });

  describe('GET /api/bots/:id/triggers', () => {
    it("should list the bot's triggers without their secrets", async () => {
      const { id: own } = await createBot(operator);
      const created = await createTrigger(operator, own, { type: 'webhook' });
      const { secret: _secret, ...shown } = created;
      expect(await readJson(await operator.call('GET', `/api/bots/${own}/triggers`), 200)).toEqual([shown]);
    });

    it("should not show viewers a webhook's URL: its token is a credential the access log masks", async () => {
      const { id: own } = await createBot(operator);
      const webhook = await createTrigger(operator, own, { type: 'webhook' });
      const github = await createTrigger(operator, own, { type: 'github', events: ['push'] });
      const viewer = await apiAs(t, 'viewer');
      const { secret: _secret, url: _url, ...shown } = webhook;
      expect(await readJson(await viewer.call('GET', `/api/bots/${own}/triggers`), 200)).toEqual([
        shown,
        github,
      ]);
      const admin = await apiAs(t, 'admin');
      const listed = await readJson<Json[]>(await admin.call('GET', `/api/bots/${own}/triggers`), 200);
      expect(listed[0]).toMatchObject({ url: webhook.url });
    });

    it('should answer 404 for an unknown bot and 400 for a bad id', async () => {
      await expectError(await operator.call('GET', `/api/bots/${UNKNOWN_ID}/triggers`), 404, /Bot/);
      await expectError(await operator.call('GET', '/api/bots/1/triggers'), 400, /^id: /);
    });
  });

  describe('PATCH /api/triggers/:id', () => {
    it('should change enabled and match without showing the secret', async () => {
      const trigger = await newTrigger({ match: [{ path: 'a', op: 'exists' }] });
      const disabled = await readJson(
        await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, { enabled: false }),
        200,
      );
      expect(disabled).toMatchObject({ enabled: false, match: [{ path: 'a', op: 'exists' }] });
      expect(disabled).not.toHaveProperty('secret');

      const res = await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, {
        match: [{ path: 'b', op: 'contains', value: 'x' }],
      });
      expect(await readJson(res, 200)).toMatchObject({
        enabled: false,
        match: [{ path: 'b', op: 'contains', value: 'x' }],
      });
      const cleared = await readJson(
        await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, { match: [] }),
        200,
      );
      expect(cleared.match).toEqual([]);
    });

    it('should answer 400 naming the field', async () => {
      const trigger = await newTrigger();
      await expectError(
        await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, {
          match: [{ path: 'a', op: 'regex', value: '(x*)*' }],
        }),
        400,
        /^match\.0\.value: /,
      );
    });

    it('should answer 404 for an unknown trigger and 400 for a bad id', async () => {
      await expectError(
        await operator.call('PATCH', `/api/triggers/${UNKNOWN_ID}`, { enabled: true }),
        404,
        /Trigger/,
      );
      await expectError(await operator.call('PATCH', '/api/triggers/zz', { enabled: true }), 400, /^id: /);
    });
  });

  describe('POST /api/triggers/:id/rotate-secret', () => {
    it('should return a new secret and store it', async () => {
      const trigger = await newTrigger();
      const res = await operator.call('POST', `/api/triggers/${String(trigger.id)}/rotate-secret`);
      const rotated = await readJson(res, 200);
      expect(rotated).toMatchObject({
        id: trigger.id,
        url: trigger.url,
        secret: expect.stringMatching(/^[0-9a-f]{64}$/),
      });
      expect(rotated.secret).not.toBe(trigger.secret);
      const row = await t.db
        .selectFrom('triggers')
        .select('secret_encrypted')
        .where('id', '=', String(trigger.id))
        .executeTakeFirstOrThrow();
      expect(new SecretBox(t.env.config.MASTER_KEY.key).decrypt(row.secret_encrypted!)).toBe(rotated.secret);
    });

    it('should answer 404 for an unknown trigger and 400 for a bad id', async () => {
      await expectError(
        await operator.call('POST', `/api/triggers/${UNKNOWN_ID}/rotate-secret`),
        404,
        /Trigger/,
      );
      await expectError(await operator.call('POST', '/api/triggers/1/rotate-secret'), 400, /^id: /);
    });
  });

  describe('DELETE /api/triggers/:id', () => {
    it('should delete the trigger', async () => {
      const trigger = await newTrigger();
      expect((await operator.call('DELETE', `/api/triggers/${String(trigger.id)}`)).status).toBe(204);
      await expectError(
        await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, { enabled: true }),
        404,
        /Trigger/,
      );
    });

    it('should answer 404 for an unknown trigger and 400 for a bad id', async () => {
      await expectError(await operator.call('DELETE', `/api/triggers/${UNKNOWN_ID}`), 404, /Trigger/);
      await expectError(await operator.call('DELETE', '/api/triggers/1'), 400, /^id: /);
    });
  });

  it('should answer 503 when PostgreSQL is unreachable', async () => {
    const down = await startTestApp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
    try {
      const res = await fetch(`${down.url}/api/bots/${UNKNOWN_ID}/triggers`, {
        headers: operator.headers,
        signal: AbortSignal.timeout(5_000),
      });
      await expectError(res, 503, /PostgreSQL or Redis/);
    } finally {
      await down.close();
    }
  });
});
