import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRepository } from '../../src/queue/queue.repository';
import { createBot } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { createApiKey } from '../helpers/auth';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('bots', () => {
  let t: TestApp;
  let operator: ApiClient;

  beforeAll(async () => {
    t = await startTestApp();
    operator = await apiAs(t, 'operator');
  });
  afterAll(() => t.close());

  describe('POST /api/bots', () => {
    it('should create a bot with defaults', async () => {
      const res = await operator.call('POST', '/api/bots', {
        name: 'reviewer',
        backend: 'claude',
        promptTemplate: 'Review {{payload.pr}}',
      });
      expect(await readJson(res, 201)).toEqual({
        id: expect.stringMatching(/^[0-9a-f-]{36}$/),
        name: 'reviewer',
        description: '',
        backend: 'claude',
        model: null,
        promptTemplate: 'Review {{payload.pr}}',
        command: null,
        workdir: null,
        timeoutSeconds: 600,
        enabled: true,
        allowedTools: [],
        addDirs: [],
        repository: null,
        maxConcurrent: null,
        retryAttempts: null,
        retryBackoffSeconds: null,
        retryOnFailure: false,
        secretNames: [],
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
    });

    it('should create a command bot with its argv', async () => {
      const bot = await createBot(operator, {
        backend: 'command',
        command: ['echo', '{{payload.x}}'],
        timeoutSeconds: 5,
      });
      expect(bot).toMatchObject({
        backend: 'command',
        command: ['echo', '{{payload.x}}'],
        timeoutSeconds: 5,
      });
    });

    it.each([
      [{ backend: 'claude' }, /^name: /],
      [{ name: '', backend: 'claude' }, /^name: /],
      [{ name: 'x'.repeat(101), backend: 'claude' }, /^name: /],
      [{ name: 'n', backend: 'gpt' }, /^backend: /],
      [{ name: 'n', backend: 'command' }, /^command: is required when backend is "command"/],
      [
        { name: 'n', backend: 'claude', command: ['ls'] },
        /^command: is only allowed when backend is "command"/,
      ],
      [{ name: 'n', backend: 'command', command: ['ls', ''] }, /^command\.1: /],
      [{ name: 'n', backend: 'command', command: [] }, /^command: /],
      [{ name: 'n', backend: 'command', command: ['a\0b'] }, /^command\.0: must not contain NUL/],
      [{ name: 'n', backend: 'claude', timeoutSeconds: 0 }, /^timeoutSeconds: /],
      [{ name: 'n', backend: 'claude', timeoutSeconds: 86_401 }, /^timeoutSeconds: /],
      [{ name: 'n', backend: 'claude', timeoutSeconds: 1.5 }, /^timeoutSeconds: /],
    ])('should answer 400 naming the field for %j', async (body, message) => {
      await expectError(await operator.call('POST', '/api/bots', body), 400, message);
    });

    it('should answer 400 for a body that is not JSON', async () => {
      const res = await fetch(`${t.url}/api/bots`, {
        method: 'POST',
        headers: { ...operator.headers, 'content-type': 'application/json' },
        body: '{"name":',
      });
      await expectError(res, 400, /not valid JSON/);
    });

    it('should answer 409 when the name is taken', async () => {
      const bot = await createBot(operator);
      await expectError(
        await operator.call('POST', '/api/bots', { name: bot.name, backend: 'codex' }),
        409,
        new RegExp(`^name: a bot named "${String(bot.name)}" already exists`),
      );
    });
  });

  describe('GET /api/bots', () => {
    it('should list bots by name', async () => {
      const bot = await createBot(operator);
      const list = await readJson<{ name: string }[]>(await operator.call('GET', '/api/bots'), 200);
      expect(list).toContainEqual(bot);
      expect(list.map((b) => b.name)).toEqual([...list.map((b) => b.name)].sort());
    });
  });

  describe('GET /api/bots/:id', () => {
    it('should return the bot', async () => {
      const bot = await createBot(operator);
      expect(await readJson(await operator.call('GET', `/api/bots/${bot.id}`), 200)).toEqual(bot);
    });

    it("should keep a bot's secret names from viewers, as GET /api/bots/:id/secrets does", async () => {
      const bot = await createBot(operator);
      const put = await operator.call('PUT', `/api/bots/${bot.id}/secrets/DEPLOY_TOKEN`, { value: 'v' });
      expect(put.status).toBe(204);
      const viewer = await apiAs(t, 'viewer');
      const { secretNames: _names, ...shown } = bot;
      expect(await readJson(await viewer.call('GET', `/api/bots/${bot.id}`), 200)).toEqual(shown);
      const list = await readJson<Json[]>(await viewer.call('GET', '/api/bots'), 200);
      expect(list.find((b) => b.id === bot.id)).toEqual(shown);
      expect((await viewer.call('GET', `/api/bots/${bot.id}/secrets`)).status).toBe(403);
      expect(await readJson(await operator.call('GET', `/api/bots/${bot.id}`), 200)).toMatchObject({
        secretNames: ['DEPLOY_TOKEN'],
      });
    });

    it('should answer 404 for an unknown id', async () => {
      await expectError(await operator.call('GET', `/api/bots/${UNKNOWN_ID}`), 404, /not found/);
    });

    it('should answer 400 for an id that is not a UUID', async () => {
      await expectError(await operator.call('GET', '/api/bots/not-a-uuid'), 400, /^id: must be a UUID/);
    });
  });

  describe('PATCH /api/bots/:id', () => {
    it('should change only the given fields', async () => {
      const bot = await createBot(operator, { description: 'keep me', model: 'opus' });
      const res = await operator.call('PATCH', `/api/bots/${bot.id}`, { timeoutSeconds: 30, model: null });
      const updated = await readJson(res, 200);
      expect(updated).toEqual({
        ...bot,
        timeoutSeconds: 30,
        model: null,
        updatedAt: expect.any(String),
      });
      expect(Date.parse(String(updated.updatedAt))).toBeGreaterThanOrEqual(Date.parse(String(bot.updatedAt)));
    });

    it('should switch to a command backend only with a command', async () => {
      const bot = await createBot(operator);
      await expectError(
        await operator.call('PATCH', `/api/bots/${bot.id}`, { backend: 'command' }),
        400,
        /^command: is required/,
      );
      const res = await operator.call('PATCH', `/api/bots/${bot.id}`, {
        backend: 'command',
        command: ['true'],
      });
      expect(res.status).toBe(200);
      await expectError(
        await operator.call('PATCH', `/api/bots/${bot.id}`, { backend: 'gemini' }),
        400,
        /^command: is only allowed/,
      );
      const back = await operator.call('PATCH', `/api/bots/${bot.id}`, { backend: 'gemini', command: null });
      expect(await readJson(back, 200)).toMatchObject({ backend: 'gemini', command: null });
    });

    it('should answer 400 naming the field', async () => {
      const bot = await createBot(operator);
      await expectError(
        await operator.call('PATCH', `/api/bots/${bot.id}`, { enabled: 'yes' }),
        400,
        /^enabled: /,
      );
    });

    it('should answer 409 when renamed to a taken name', async () => {
      const [a, b] = [await createBot(operator), await createBot(operator)];
      await expectError(
        await operator.call('PATCH', `/api/bots/${b.id}`, { name: a.name }),
        409,
        /already exists/,
      );
    });

    it('should answer 404 for an unknown id and 400 for a bad one', async () => {
      await expectError(
        await operator.call('PATCH', `/api/bots/${UNKNOWN_ID}`, { enabled: false }),
        404,
        /not found/,
      );
      await expectError(await operator.call('PATCH', '/api/bots/123', { enabled: false }), 400, /^id: /);
    });
  });

  describe('DELETE /api/bots/:id', () => {
    it('should delete the bot', async () => {
      const bot = await createBot(operator);
      const res = await operator.call('DELETE', `/api/bots/${bot.id}`);
      expect(res.status).toBe(204);
      expect((await operator.call('GET', `/api/bots/${bot.id}`)).status).toBe(404);
    });

    it('should answer 404 for an unknown id and 400 for a bad one', async () => {
      await expectError(await operator.call('DELETE', `/api/bots/${UNKNOWN_ID}`), 404, /not found/);
      await expectError(await operator.call('DELETE', '/api/bots/x'), 400, /^id: /);
    });
  });

  describe('POST /api/bots/:id/run', () => {
    it('should store a queued manual execution and queue its job', async () => {
      const bot = await createBot(operator);
      const res = await operator.call('POST', `/api/bots/${bot.id}/run`, { input: { branch: 'main' } });
      const { executionId } = await readJson<{ executionId: string }>(res, 202);

      const row = await t.db
        .selectFrom('executions')
        .selectAll()
        .where('id', '=', executionId)
        .executeTakeFirst();
      expect(row).toMatchObject({
        bot_id: bot.id,
        trigger_type: 'manual',
        status: 'queued',
        input: { input: { branch: 'main' } },
      });
      const job = await t.app.get(QueueRepository).get('executions').getJob(executionId);
      expect(job?.data).toEqual({ executionId });
    });

    it('should accept a run without a body', async () => {
      const bot = await createBot(operator);
      const res = await fetch(`${t.url}/api/bots/${bot.id}/run`, {
        method: 'POST',
        headers: operator.headers,
      });
      expect(res.status).toBe(202);
    });

    it('should answer 400 when input is not an object', async () => {
      const bot = await createBot(operator);
      await expectError(
        await operator.call('POST', `/api/bots/${bot.id}/run`, { input: [1] }),
        400,
        /^input: /,
      );
    });

    it('should answer 409 for a disabled bot', async () => {
      const bot = await createBot(operator, { enabled: false });
      await expectError(await operator.call('POST', `/api/bots/${bot.id}/run`, {}), 409, /is disabled/);
    });

    it('should answer 404 for an unknown bot', async () => {
      await expectError(await operator.call('POST', `/api/bots/${UNKNOWN_ID}/run`, {}), 404, /not found/);
    });
  });

  describe('when a dependency is down', () => {
    it('should answer 503 when PostgreSQL is unreachable', async () => {
      const down = await startTestApp({ DATABASE_URL: 'postgres://postgres@127.0.0.1:1/x' });
      try {
        const signal = AbortSignal.timeout(5_000);
        const list = await fetch(`${down.url}/api/bots`, { signal, headers: operator.headers });
        await expectError(list, 503, /PostgreSQL or Redis/);
        const run = await fetch(`${down.url}/api/bots/${UNKNOWN_ID}/run`, {
          method: 'POST',
          signal,
          headers: operator.headers,
        });
        expect(run.status).toBe(503);
      } finally {
        await down.close();
      }
    });

    it('should answer 503 and keep the execution queued when Redis is unreachable', async () => {
      const down = await startTestApp({ REDIS_URL: 'redis://127.0.0.1:1' });
      // An API key: checking an access token needs Redis, checking a key needs PostgreSQL only.
      const { headers } = await createApiKey(down.env, 'operator');
      try {
        const bot = await down.db
          .insertInto('bots')
          .values({ name: 'offline', backend: 'claude' })
          .returning('id')
          .executeTakeFirstOrThrow();
        const res = await fetch(`${down.url}/api/bots/${bot.id}/run`, {
          method: 'POST',
          headers,
          signal: AbortSignal.timeout(5_000),
        });
        await expectError(res, 503, /PostgreSQL or Redis/);
        const rows = await down.db
          .selectFrom('executions')
          .select(['status'])
          .where('bot_id', '=', bot.id)
          .execute();
        // committed before the queue refused it: the worker's sweeper queues it later
        expect(rows).toEqual([{ status: 'queued' }]);
      } finally {
        await down.close();
      }
    });
  });
});
