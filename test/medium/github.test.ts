import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QueueRepository } from '../../src/queue/queue.repository';
import { createBot, createTrigger } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { githubFixture } from '../helpers/github-fixtures';
import { TestApp, startTestApp } from '../helpers/test-app';
import { GithubDelivery, accepted, sendGithubDelivery, sign } from '../helpers/webhooks';

const SECRET = 'github-test-secret-0123456789abcdef';

describe('GitHub webhooks', () => {
  let t: TestApp;
  let queue: QueueRepository;
  let operator: ApiClient;

  const newTrigger = async (config: Json, botId?: string) =>
    createTrigger(operator, botId ?? (await createBot(operator)).id, { type: 'github', ...config });
  const deliver = (d: GithubDelivery, app: { url: string } = t) => sendGithubDelivery(app, SECRET, d);
  const executions = (ids: string[]) =>
    ids.length
      ? t.db.selectFrom('executions').selectAll().where('id', 'in', ids).orderBy('id').execute()
      : [];

  beforeAll(async () => {
    t = await startTestApp({ GITHUB_WEBHOOK_SECRET: SECRET });
    queue = t.app.get(QueueRepository);
    operator = await apiAs(t, 'operator');
  });
  // Every GitHub trigger sees every delivery: each test starts with none.
  afterEach(async () => {
    await t.db.deleteFrom('triggers').where('type', '=', 'github').execute();
  });
  afterAll(() => t.close());

  describe('github triggers', () => {
    it('should create one without a secret, pointing at /hooks/github', async () => {
      const { id: botId } = await createBot(operator);
      const trigger = await newTrigger({ events: ['pull_request.opened', 'push'] }, botId);
      expect(trigger).toEqual({
        id: expect.any(String),
        botId,
        type: 'github',
        enabled: true,
        events: ['pull_request.opened', 'push'],
        repositories: [],
        mention: null,
        senders: [],
        authorAssociations: null,
        url: '/hooks/github',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const row = await t.db
        .selectFrom('triggers')
        .selectAll()
        .where('id', '=', String(trigger.id))
        .executeTakeFirst();
      expect(row).toMatchObject({ token: null, secret_encrypted: null });
    });

    it.each([
      [{ events: [] }, /^events: /],
      [{ events: ['Pull Request'] }, /^events\.0: must be an event like "push"/],
      [{ events: ['push'], repositories: ['just-a-name'] }, /^repositories\.0: must be "owner\/repo"/],
      [{ events: ['push'], mention: 'bot' }, /^mention: must be a handle like "@my-bot"/],
    ])('should answer 400 naming the field for %j', async (config, message) => {
      await expectError(
        await operator.call('POST', `/api/bots/${(await createBot(operator)).id}/triggers`, {
          type: 'github',
          ...config,
        }),
        400,
        message,
      );
    });

    it('should change its settings field by field, and refuse settings of other types', async () => {
      const trigger = await newTrigger({
        events: ['push'],
        repositories: ['acme-corp/widgets'],
        mention: '@bot',
      });
      const path = `/api/triggers/${String(trigger.id)}`;
      expect(
        await readJson(await operator.call('PATCH', path, { events: ['issues.labeled'] }), 200),
      ).toMatchObject({
        events: ['issues.labeled'],
        repositories: ['acme-corp/widgets'],
        mention: '@bot',
      });
      expect(
        await readJson(await operator.call('PATCH', path, { mention: null, repositories: null }), 200),
      ).toMatchObject({
        events: ['issues.labeled'],
        repositories: [],
        mention: null,
      });
      await expectError(
        await operator.call('PATCH', path, { match: [] }),
        400,
        /^match: not a setting of github triggers$/,
      );
      await expectError(
        await operator.call('PATCH', path, { cron: '* * * * *' }),
        400,
        /^cron: not a setting of github/,
      );
      await expectError(
        await operator.call('POST', `${path}/rotate-secret`),
        400,
        /Only webhook triggers have a secret/,
      );
    });
  });

  describe('POST /hooks/github', () => {
    it('should answer ping with 200 {ok: true} and store nothing', async () => {
      const before = await t.db.selectFrom('deliveries').select('id').execute();
      const res = await deliver({ event: 'ping', body: githubFixture('ping') });
      expect(await readJson(res, 200)).toEqual({ ok: true });
      expect(await t.db.selectFrom('deliveries').select('id').execute()).toEqual(before);
    });

    it('should start one execution per matching trigger, with the github fields in its input', async () => {
      // The fixture's PR comes from a CONTRIBUTOR's fork, which the default would not take.
      const fromFork = { authorAssociations: ['CONTRIBUTOR'] };
      const opened = await newTrigger({ events: ['pull_request.opened'], ...fromFork });
      const anyAction = await newTrigger({ events: ['pull_request'], ...fromFork });
      await newTrigger({ events: ['push', 'pull_request.synchronize'] });
      const disabled = await newTrigger({ events: ['pull_request'] });
      await operator.call('PATCH', `/api/triggers/${String(disabled.id)}`, { enabled: false });
      await newTrigger({ events: ['pull_request'] }, (await createBot(operator, { enabled: false })).id);

      const id = randomUUID();
      const res = await deliver({ event: 'pull_request', body: githubFixture('pull_request.opened'), id });
      const { deliveryId, executionIds } = await accepted(res);
      const rows = await executions(executionIds);
      expect(rows.map((r) => r.trigger_id).sort()).toEqual([opened.id, anyAction.id].sort());
      for (const row of rows) {
        expect(row).toMatchObject({ trigger_type: 'github', delivery_id: deliveryId, status: 'queued' });
        expect(row.input).toMatchObject({
          event: 'pull_request.opened',
          deliveryId,
          payload: { action: 'opened', number: 42 },
          github: {
            event: 'pull_request',
            action: 'opened',
            repo: 'acme-corp/widgets',
            sender: 'jdoe-dev',
            pr: {
              number: 42,
              title: 'Fix sprocket alignment on resize',
              branch: 'fix/sprocket-resize',
              base: 'main',
            },
          },
        });
        expect((await queue.get('executions').getJob(row.id))?.data).toEqual({ executionId: row.id });
      }

      const delivery = await t.db
        .selectFrom('deliveries')
        .selectAll()
        .where('id', '=', deliveryId)
        .executeTakeFirst();
      expect(delivery).toMatchObject({
        source: 'github',
        trigger_id: null,
        external_id: id,
        dedup_key: `github:${id}`,
        event: 'pull_request.opened',
        payload: { action: 'opened' },
      });
      expect(delivery?.headers).toMatchObject({ 'x-github-event': 'pull_request', 'x-github-delivery': id });
      expect(delivery?.headers).not.toHaveProperty('x-hub-signature-256');
    });

    it('should select push, which has no action', async () => {
      const push = await newTrigger({ events: ['push'] });
      await newTrigger({ events: ['pull_request'] });
      const { executionIds } = await accepted(await deliver({ event: 'push', body: githubFixture('push') }));
      const [row] = await executions(executionIds);
      expect(executionIds).toHaveLength(1);
      expect(row).toMatchObject({
        trigger_id: push.id,
        input: { event: 'push', github: { push: { branch: 'main' } } },
      });
    });

    it('should keep to the repository allowlist and the mention', async () => {
      const wanted = await newTrigger({
        events: ['issue_comment.created'],
        repositories: ['ACME-CORP/widgets'],
        mention: '@agented-bot',
      });
      await newTrigger({ events: ['issue_comment.created'], repositories: ['acme-corp/other'] });
      await newTrigger({ events: ['issue_comment.created'], mention: '@someone-else' });

      const { executionIds } = await accepted(
        await deliver({ event: 'issue_comment', body: githubFixture('issue_comment.created') }),
      );
      const rows = await executions(executionIds);
      expect(rows.map((r) => r.trigger_id)).toEqual([wanted.id]);
      expect(rows[0].input).toMatchObject({
        github: {
          comment: { author: 'octocat', body: expect.stringMatching(/^@agented-bot please review/) },
        },
      });
    });

    it('should record a delivery nothing matched, and answer 202 with no executions', async () => {
      await newTrigger({ events: ['push'] });
      const { deliveryId, executionIds } = await accepted(
        await deliver({ event: 'issues', body: githubFixture('issues.labeled') }),
      );
      expect(executionIds).toEqual([]);
      expect(
        await t.db.selectFrom('deliveries').select('event').where('id', '=', deliveryId).executeTakeFirst(),
      ).toEqual({
        event: 'issues.labeled',
      });
    });

    it('should answer a repeated X-GitHub-Delivery with the first answer and queue nothing new', async () => {
      const trigger = await newTrigger({ events: ['push'] });
      const id = randomUUID();
      const first = await accepted(await deliver({ event: 'push', body: githubFixture('push'), id }));
      const again = await accepted(await deliver({ event: 'push', body: githubFixture('push'), id }), 200);
      expect(again).toEqual(first);
      const rows = await t.db
        .selectFrom('executions')
        .select('id')
        .where('trigger_id', '=', String(trigger.id))
        .execute();
      expect(rows).toHaveLength(1);
    });

    it('should take the form-encoded payload GitHub sends when told to', async () => {
      await newTrigger({ events: ['push'] });
      const body = new URLSearchParams({ payload: githubFixture('push') }).toString();
      const res = await deliver({
        event: 'push',
        body,
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      const { executionIds } = await accepted(res);
      expect((await executions(executionIds))[0].input).toMatchObject({
        payload: { ref: 'refs/heads/main' },
      });
    });

    it('should answer 401 for a missing, malformed or wrong signature', async () => {
      const body = githubFixture('push');
      await expectError(
        await deliver({ event: 'push', body, signature: null }),
        401,
        /Missing X-Hub-Signature-256/,
      );
      await expectError(
        await deliver({ event: 'push', body, signature: 'sha1=abc' }),
        401,
        /must be sha256=/,
      );
      await expectError(
        await deliver({ event: 'push', body, signature: sign(body, 'another-secret-0123456789') }),
        401,
        /does not match/,
      );
      await expectError(
        await deliver({ event: 'ping', body: githubFixture('ping'), signature: null }),
        401,
        /Missing/,
      );
    });

    it('should answer 400 without an event name, or for a signed body that is not JSON', async () => {
      await expectError(await deliver({ event: '', body: '{}' }), 400, /X-GitHub-Event must name the event/);
      await expectError(await deliver({ event: 'push', body: '{"ref":' }), 400, /not valid JSON/);
      const form = new URLSearchParams({ other: '1' }).toString();
      await expectError(
        await deliver({
          event: 'push',
          body: form,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
        400,
        /`payload` field/,
      );
    });

    it('should answer 404, saying what to set, while GITHUB_WEBHOOK_SECRET is unset', async () => {
      const off = await startTestApp();
      try {
        const res = await deliver({ event: 'push', body: githubFixture('push') }, off);
        await expectError(res, 404, /GitHub webhooks are off on this server: set GITHUB_WEBHOOK_SECRET/);
      } finally {
        await off.close();
      }
    });
  });
});
