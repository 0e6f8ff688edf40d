import { Job } from 'bullmq';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QueueRepository } from '../../src/queue/queue.repository';
import { ScheduleFirer } from '../../src/schedules/schedule-firer';
import { nextRunAt } from '../../src/common/schedule-pattern';
import { ScheduleReconciler } from '../../src/schedules/schedule-reconciler';
import { createBot, createTrigger } from '../factories/api';
import { ApiClient, Json, apiAs, expectError, readJson } from '../helpers/api';
import { TestApp, startTestApp } from '../helpers/test-app';
import { TestEnv, createTestEnv, withVars } from '../helpers/test-env';
import { TestWorker, startTestWorker, waitFor } from '../helpers/worker';

const EVERY_SECOND = '*/1 * * * * *';

describe('schedules', () => {
  let env: TestEnv;
  let t: TestApp;
  let queue: QueueRepository;
  let operator: ApiClient;

  const newBot = async (fields: Json = {}) =>
    (await createBot(operator, { backend: 'command', command: ['true'], ...fields })).id;
  const newSchedule = async (config: Json, botId?: string) =>
    createTrigger(operator, botId ?? (await newBot()), { type: 'schedule', ...config });
  const scheduler = (id: unknown) => queue.get('schedules').getJobScheduler(String(id));
  const ticksOf = (triggerId: unknown) =>
    t.db
      .selectFrom('executions')
      .select(['id', 'scheduled_at', 'trigger_type', 'input'])
      .where('trigger_id', '=', String(triggerId))
      .orderBy('scheduled_at')
      .execute();

  beforeAll(async () => {
    env = await createTestEnv();
    t = await startTestApp(env);
    queue = t.app.get(QueueRepository);
    operator = await apiAs(t, 'operator');
  });
  afterAll(async () => {
    await t.close();
    await env.cleanup();
  });

  describe('schedule triggers', () => {
    it('should create one with its next run, and its BullMQ scheduler', async () => {
      const before = new Date();
      const trigger = await newSchedule({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' });
      expect(trigger).toEqual({
        id: expect.any(String),
        botId: expect.any(String),
        type: 'schedule',
        enabled: true,
        cron: '0 9 * * 1-5',
        timezone: 'Europe/Berlin',
        nextRunAt: nextRunAt({ cron: '0 9 * * 1-5', timezone: 'Europe/Berlin' }, before)?.toISOString(),
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      expect(await scheduler(trigger.id)).toMatchObject({ pattern: '0 9 * * 1-5', tz: 'Europe/Berlin' });
    });

    it('should default the time zone to UTC', async () => {
      const trigger = await newSchedule({ cron: '30 6 * * *' });
      expect(trigger).toMatchObject({
        timezone: 'UTC',
        nextRunAt: expect.stringMatching(/T06:30:00\.000Z$/),
      });
    });

    it.each([
      [
        { cron: '61 * * * *' },
        /^cron: "61 \* \* \* \*" is not a valid cron pattern: Invalid value for minute: 61$/,
      ],
      [{ cron: 'every day' }, /^cron: "every day" is not a valid cron pattern/],
      [{ cron: '0 0 30 2 *' }, /^cron: .* never matches a date/],
      [
        { cron: '* * * * *', timezone: 'Europe/Atlantis' },
        /^timezone: "Europe\/Atlantis" is not an IANA time zone/,
      ],
      [{ timezone: 'UTC' }, /^cron: /],
    ])('should answer 400 naming the problem for %j', async (config, message) => {
      await expectError(
        await operator.call('POST', `/api/bots/${await newBot()}/triggers`, { type: 'schedule', ...config }),
        400,
        message,
      );
    });

    it('should update the scheduler at once on edit, disable, enable and delete', async () => {
      const trigger = await newSchedule({ cron: '0 * * * *' });
      const path = `/api/triggers/${String(trigger.id)}`;

      const edited = await readJson(
        await operator.call('PATCH', path, { cron: '15 3 * * *', timezone: 'Asia/Tokyo' }),
        200,
      );
      expect(edited).toMatchObject({
        cron: '15 3 * * *',
        timezone: 'Asia/Tokyo',
        nextRunAt: expect.stringMatching(/T18:15:00\.000Z$/),
      });
      expect(await scheduler(trigger.id)).toMatchObject({ pattern: '15 3 * * *', tz: 'Asia/Tokyo' });

      // a new zone alone is checked with the stored pattern
      expect(await readJson(await operator.call('PATCH', path, { timezone: 'UTC' }), 200)).toMatchObject({
        cron: '15 3 * * *',
      });
      expect(await scheduler(trigger.id)).toMatchObject({ tz: 'UTC' });

      expect(await readJson(await operator.call('PATCH', path, { enabled: false }), 200)).toMatchObject({
        enabled: false,
        nextRunAt: null,
      });
      expect(await scheduler(trigger.id)).toBeUndefined();

      expect(await readJson(await operator.call('PATCH', path, { enabled: true }), 200)).toMatchObject({
        enabled: true,
      });
      expect(await scheduler(trigger.id)).toMatchObject({ pattern: '15 3 * * *' });

      expect((await operator.call('DELETE', path)).status).toBe(204);
      expect(await scheduler(trigger.id)).toBeUndefined();
    });

    it('should refuse a bad edit and leave trigger and scheduler as they were', async () => {
      const trigger = await newSchedule({ cron: '0 * * * *' });
      const path = `/api/triggers/${String(trigger.id)}`;
      await expectError(await operator.call('PATCH', path, { cron: '0 25 * * *' }), 400, /^cron: .*hour: 25/);
      await expectError(await operator.call('PATCH', path, { timezone: 'Nowhere/Land' }), 400, /^timezone: /);
      await expectError(
        await operator.call('PATCH', path, { events: ['push'] }),
        400,
        /^events: not a setting of schedule triggers$/,
      );
      expect(await scheduler(trigger.id)).toMatchObject({ pattern: '0 * * * *', tz: 'UTC' });
      const [listed] = await readJson<Json[]>(
        await operator.call('GET', `/api/bots/${String(trigger.botId)}/triggers`),
        200,
      );
      expect(listed).toMatchObject({ cron: '0 * * * *', timezone: 'UTC' });
    });
  });

  describe('with two workers', () => {
    let workers: TestWorker[];

    beforeAll(async () => {
      workers = await Promise.all(
        ['cron-worker-a', 'cron-worker-b'].map((id) => startTestWorker(withVars(env, { WORKER_ID: id }))),
      );
    });
    afterAll(async () => {
      await Promise.all(workers.map((w) => w.close()));
    });

    it('should run each tick exactly once', async () => {
      const trigger = await newSchedule({ cron: EVERY_SECOND });
      // Both workers race for every tick; three recorded ticks are what the checks below need.
      await waitFor('three ticks', async () => (await ticksOf(trigger.id)).length >= 3, 15_000);
      await operator.call('PATCH', `/api/triggers/${String(trigger.id)}`, { enabled: false });
      // A tick already taken when the trigger was disabled may still land: wait for it, however
      // slow a loaded machine is (a fixed pause here once ended the test before it landed).
      await waitFor(
        'the ticks taken before the disable to land',
        async () =>
          !(await queue.get('schedules').getJobs(['active', 'waiting'])).some(
            (job) => job.repeatJobKey === trigger.id,
          ),
        10_000,
      );

      // every tick BullMQ produced: its scheduler's jobs are `repeat:<trigger id>:<tick ms>`
      const jobs = await queue
        .get('schedules')
        .getJobs(['completed', 'failed', 'active', 'waiting', 'delayed']);
      const fired = jobs
        .filter((job) => job.repeatJobKey === trigger.id)
        .map((job) => Number(job.id?.split(':').pop()))
        .sort((a, b) => a - b);
      const ticks = await ticksOf(trigger.id);
      const times = ticks.map((e) => e.scheduled_at!.getTime());
      expect(ticks.length).toBeGreaterThanOrEqual(3);
      // one execution per tick BullMQ produced, none twice, whichever of the two workers took it
      expect(times).toEqual(fired);
      expect(new Set(times).size).toBe(ticks.length);
      for (const tick of ticks) {
        expect(tick.trigger_type).toBe('schedule');
        expect(tick.input).toEqual({ event: 'schedule', scheduledAt: tick.scheduled_at!.toISOString() });
      }
    });

    it('should not start a second execution when a tick is fired again', async () => {
      const trigger = await newSchedule({ cron: '0 0 1 1 *' });
      const tick = Date.parse('2030-01-01T00:00:00Z');
      const job = { opts: { prevMillis: tick }, timestamp: tick, delay: 0 } as Job;
      const firer = workers[0].app.get(ScheduleFirer);
      await firer.fire({ triggerId: String(trigger.id) }, job);
      await workers[1].app.get(ScheduleFirer).fire({ triggerId: String(trigger.id) }, job);
      expect((await ticksOf(trigger.id)).map((e) => e.scheduled_at)).toEqual([new Date(tick)]);
    });

    it('should start nothing while the bot is disabled, and drop the scheduler of a deleted bot', async () => {
      const botId = await newBot({ enabled: false });
      const trigger = await newSchedule({ cron: EVERY_SECOND }, botId);
      await waitFor('a tick', async () => ((await scheduler(trigger.id))?.iterationCount ?? 0) >= 2, 5_000);
      expect(await ticksOf(trigger.id)).toEqual([]);

      expect((await operator.call('DELETE', `/api/bots/${botId}`)).status).toBe(204);
      await waitFor('the scheduler to go', async () => (await scheduler(trigger.id)) === undefined, 5_000);
    });

    it('should restore lost schedulers and remove orphans', async () => {
      const trigger = await newSchedule({ cron: '0 12 * * *', timezone: 'America/New_York' });
      const orphan = randomUUID();
      await queue.removeScheduler('schedules', String(trigger.id));
      await queue.upsertScheduler(orphan, { pattern: '0 0 * * *', tz: 'UTC' }, 'schedule.fire', {
        triggerId: orphan,
      });

      await workers[0].app.get(ScheduleReconciler).reconcile();
      expect(await scheduler(trigger.id)).toMatchObject({ pattern: '0 12 * * *', tz: 'America/New_York' });
      expect(await scheduler(orphan)).toBeUndefined();
    });
  });
});
