import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBot } from '../factories/api';
import { ApiClient, apiAs, readJson } from '../helpers/api';
import { useFakeClis } from '../helpers/bot-engine';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestWorker, startTestWorker, storedRows, waitForEnd } from '../helpers/worker';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
/** A quote and a backslash: inside a CLI's JSON line the value appears escaped. */
const SECRET = 'tok-"9f8e\\7d6c5b4a-secret';

describe('backends: bot secrets', () => {
  let api: TestApp;
  let w: TestWorker;
  let operator: ApiClient;
  let restorePath: () => void;

  const run = async (botId: string) => {
    const res = await operator.call('POST', `/api/bots/${botId}/run`, {});
    const { executionId } = await readJson<{ executionId: string }>(res, 202);
    return waitForEnd(w, executionId);
  };

  beforeAll(async () => {
    restorePath = useFakeClis();
    w = await startTestWorker({ WORKER_ID: 'backends-secrets-test' });
    api = await startTestApp(w.env);
    operator = await apiAs(api, 'operator');
  });
  afterAll(async () => {
    await api?.close();
    await w?.close();
    restorePath?.();
  });

  describe('API', () => {
    it('should store a secret write-only and list its name only', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      expect(bot.secretNames).toEqual([]);
      expect(
        (await operator.call('PUT', `/api/bots/${bot.id}/secrets/API_TOKEN`, { value: SECRET })).status,
      ).toBe(204);
      expect((await operator.call('PUT', `/api/bots/${bot.id}/secrets/OTHER`, { value: 'x' })).status).toBe(
        204,
      );

      const list = await operator.call('GET', `/api/bots/${bot.id}/secrets`);
      expect(list.status).toBe(200);
      const body = await list.text();
      expect(JSON.parse(body)).toEqual({ names: ['API_TOKEN', 'OTHER'] });
      expect(body).not.toContain('9f8e');
      const got = await (await operator.call('GET', `/api/bots/${bot.id}`)).json();
      expect(got).toMatchObject({ secretNames: ['API_TOKEN', 'OTHER'] });
      expect(JSON.stringify(got)).not.toContain('9f8e');

      const stored = await w.db.selectFrom('bot_secrets').selectAll().where('bot_id', '=', bot.id).execute();
      expect(stored).toHaveLength(2);
      for (const row of stored) expect(row.value_encrypted).toMatch(/^v1\./);
      expect(JSON.stringify(stored)).not.toContain('9f8e');
    });

    it('should replace a secret on a second PUT and delete it', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      await operator.call('PUT', `/api/bots/${bot.id}/secrets/KEY`, { value: 'first' });
      await operator.call('PUT', `/api/bots/${bot.id}/secrets/KEY`, { value: 'second' });
      expect(await (await operator.call('GET', `/api/bots/${bot.id}/secrets`)).json()).toEqual({
        names: ['KEY'],
      });
      expect((await operator.call('DELETE', `/api/bots/${bot.id}/secrets/KEY`)).status).toBe(204);
      expect((await operator.call('DELETE', `/api/bots/${bot.id}/secrets/KEY`)).status).toBe(404);
      expect(await (await operator.call('GET', `/api/bots/${bot.id}/secrets`)).json()).toEqual({ names: [] });
    });

    it('should audit setting and deleting a secret, by its name and never its value', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      const path = `/api/bots/${bot.id}/secrets/AUDITED`;
      expect((await operator.call('PUT', path, { value: SECRET })).status).toBe(204);
      expect((await operator.call('DELETE', path)).status).toBe(204);
      expect((await operator.call('DELETE', path)).status).toBe(404);

      const me = await readJson<{ id: string }>(await operator.call('GET', '/api/auth/me'), 200);
      const admin = await apiAs(api, 'admin');
      const eventsOf = async (action: string) => {
        const res = await admin.call('GET', `/api/audit?action=${action}&actor=${me.id}`);
        const { items } = await readJson<{ items: { target: { id: string } | null }[] }>(res, 200);
        return items.filter((e) => e.target?.id === bot.id);
      };
      const set = await eventsOf('bot.secret_set');
      const deleted = await eventsOf('bot.secret_delete');
      for (const [events, action] of [
        [set, 'bot.secret_set'],
        [deleted, 'bot.secret_delete'],
      ] as const) {
        expect(events).toEqual([
          {
            id: expect.any(Number),
            at: expect.any(String),
            actor: { type: 'user', userId: me.id, apiKeyId: null, email: expect.any(String) },
            action,
            target: { type: 'bot', id: bot.id },
            details: { name: 'AUDITED' },
          },
        ]);
      }
      expect(JSON.stringify([set, deleted])).not.toContain('9f8e');
    });

    it('should refuse names that are not environment names or are reserved, naming the field', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      for (const name of ['lower', '1ABC', 'A-B', 'PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'GIT_CONFIG_COUNT']) {
        const res = await operator.call('PUT', `/api/bots/${bot.id}/secrets/${name}`, { value: 'v' });
        expect(res.status).toBe(400);
        expect(((await res.json()) as { message: string }).message).toMatch(/^name: /);
      }
    });

    it('should refuse an empty or oversized value', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      const empty = await operator.call('PUT', `/api/bots/${bot.id}/secrets/K`, { value: '' });
      expect(empty.status).toBe(400);
      const big = await operator.call('PUT', `/api/bots/${bot.id}/secrets/K`, {
        value: 'x'.repeat(64 * 1024 + 1),
      });
      expect(big.status).toBe(400);
      expect(((await big.json()) as { message: string }).message).toMatch(/^value: must be at most 64 KiB/);
    });

    it('should answer 404 for an unknown bot', async () => {
      expect((await operator.call('GET', `/api/bots/${UNKNOWN_ID}/secrets`)).status).toBe(404);
      expect((await operator.call('PUT', `/api/bots/${UNKNOWN_ID}/secrets/K`, { value: 'v' })).status).toBe(
        404,
      );
    });

    it('should need the operator role', async () => {
      const bot = await createBot(operator, { backend: 'claude' });
      const viewer = await apiAs(api, 'viewer');
      expect((await viewer.call('GET', `/api/bots/${bot.id}/secrets`)).status).toBe(403);
      expect((await viewer.call('PUT', `/api/bots/${bot.id}/secrets/K`, { value: 'v' })).status).toBe(403);
      expect((await fetch(`${api.url}/api/bots/${bot.id}/secrets`)).status).toBe(401);
    });
  });

  describe('masking', () => {
    async function everythingStored(executionId: string): Promise<string> {
      const rows = await storedRows(w, executionId);
      const entries = await w.redis.xrange(w.keys.logStream(executionId), '-', '+');
      return JSON.stringify({ rows, entries });
    }

    it('should give the process its secrets as environment and mask them in text, raw and stream', async () => {
      const bot = await createBot(operator, {
        backend: 'claude',
        promptTemplate: 'FAKE_PRINT_ENV=API_TOKEN',
      });
      await operator.call('PUT', `/api/bots/${bot.id}/secrets/API_TOKEN`, { value: SECRET });
      const row = await run(bot.id);
      expect(row.status).toBe('succeeded');

      const rows = await storedRows(w, row.id);
      const printed = rows.find((r) => r.text.startsWith('API_TOKEN='));
      expect(printed?.text).toBe('API_TOKEN=***');
      expect(printed?.raw).toContain('API_TOKEN=***');
      const all = await everythingStored(row.id);
      for (const form of [SECRET, JSON.stringify(SECRET).slice(1, -1), '9f8e'])
        expect(all).not.toContain(form);
    });

    it('should mask a value printed in two chunks, on stdout and stderr of a plain command', async () => {
      const bot = await createBot(operator, {
        backend: 'command',
        command: [
          'sh',
          '-c',
          // Each half on its own write with a pause between: the worker reads them as separate chunks.
          'printf "out=%s" "${DB_PASSWORD%??????}"; sleep 0.1; printf "%s!\\n" "${DB_PASSWORD#????????}";' +
            ' echo "err=$DB_PASSWORD" >&2; echo "len=${#DB_PASSWORD}"',
        ],
      });
      await operator.call('PUT', `/api/bots/${bot.id}/secrets/DB_PASSWORD`, { value: 'hunter2-longer' });
      const row = await run(bot.id);
      expect(row.status).toBe('succeeded');
      const texts = (await storedRows(w, row.id)).map((r) => r.text);
      expect(texts).toContain('out=***!');
      expect(texts).toContain('err=***');
      expect(texts).toContain('len=14');
      expect(await everythingStored(row.id)).not.toContain('hunter2');
    });
  });
});
