import Redis from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { BotRow, ExecutionRow } from '../../src/database/database.types';
import { ExecutionEventsRepository } from '../../src/live-log/execution-events.repository';
import { LogStreamReader } from '../../src/live-log/log-stream-reader';
import { RedisKeys } from '../../src/redis/redis-keys';
import { insertBot } from '../factories/bot-rows';
import { insertExecution, insertLogs, logLines, range } from '../factories/executions';
import {
  AuthHeaders,
  accessToken,
  authHeaders,
  bearer,
  createApiKey,
  createUser,
  login,
} from '../helpers/auth';
import { SseClient } from '../helpers/sse';
import { TestApp, startTestApp } from '../helpers/test-app';

const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';

describe('live streams', () => {
  let t: TestApp;
  let events: ExecutionEventsRepository;
  let keys: RedisKeys;
  let redis: Redis;
  let bot: BotRow;
  let viewer: AuthHeaders;
  const clients: SseClient[] = [];

  const stream = async (executionId: string, query = '', headers: Record<string, string> = {}) => {
    const client = await SseClient.open(`${t.url}/api/executions/${executionId}/stream${query}`, {
      ...viewer,
      ...headers,
    });
    clients.push(client);
    return client;
  };
  const running = () =>
    insertExecution(t.db, bot.id, { status: 'running', started_at: new Date(), worker_id: 'w1' });
  /** An execution that ended long enough ago for its live stream to have expired. */
  const ended = (status: 'succeeded' | 'failed', exitCode: number) =>
    insertExecution(t.db, bot.id, {
      status,
      exit_code: exitCode,
      started_at: new Date(),
      finished_at: new Date(),
    });
  const finish = async (execution: ExecutionRow, lastSeq: number) => {
    const done = await t.db
      .updateTable('executions')
      .set({ status: 'succeeded', exit_code: 0, finished_at: new Date() })
      .where('id', '=', execution.id)
      .returningAll()
      .executeTakeFirstOrThrow();
    await events.emitFinal(
      { id: done.id, botId: done.bot_id, status: 'succeeded', exitCode: 0 },
      { status: 'succeeded', exitCode: 0 },
      lastSeq,
    );
  };

  beforeAll(async () => {
    // Every stream here is one viewer's, many stay open until the end: no per-user cap.
    t = await startTestApp({ SSE_MAX_STREAMS_PER_USER: '100000' });
    events = t.app.get(ExecutionEventsRepository, { strict: false });
    keys = t.app.get(RedisKeys);
    redis = new Redis(t.env.config.REDIS_URL);
    bot = await insertBot(t.db);
    viewer = await authHeaders(t, 'viewer');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await redis.quit();
    await t.close();
  });

  describe('GET /api/executions/:id/stream', () => {
    it('should send the SSE headers', async () => {
      const client = await stream((await running()).id);
      expect(client.headers['content-type']).toMatch(/^text\/event-stream/);
      expect(client.headers['cache-control']).toBe('no-cache');
      expect(client.headers['x-accel-buffering']).toBe('no');
    });

    it('should follow lines written after the client connected, in order, then end and close', async () => {
      const execution = await running();
      const client = await stream(execution.id);
      for (let seq = 1; seq <= 30; seq += 10) await events.appendLogs(execution.id, logLines(seq, seq + 9));
      await client.waitFor((c) => c.logs.length === 30);
      await finish(execution, 30);
      await client.waitForClose();

      expect(client.logSeqs).toEqual(range(1, 30));
      expect(client.logs[0]).toEqual({
        seq: 1,
        stream: 'stdout',
        text: 'line 1',
        ts: new Date(1_700_000_000_001).toISOString(),
      });
      expect(client.events.map((e) => e.id).filter(Boolean)).toEqual(range(1, 30).map(String));
      expect(client.named('status').map((e) => JSON.parse(e.data))).toEqual([
        expect.objectContaining({ id: execution.id, status: 'succeeded' }),
      ]);
      expect(client.named('end').map((e) => JSON.parse(e.data))).toEqual([
        { status: 'succeeded', exitCode: 0 },
      ]);
      expect(client.events.at(-1)?.event).toBe('end');
    });

    it('should follow an execution whose stream does not exist yet', async () => {
      const execution = await insertExecution(t.db, bot.id);
      const client = await stream(execution.id);
      await events.appendLogs(execution.id, logLines(1, 3));
      await client.waitFor((c) => c.logs.length === 3);
      expect(client.logSeqs).toEqual([1, 2, 3]);
    });

    it('should resume exactly after Last-Event-ID, then keep following', async () => {
      const execution = await running();
      await events.appendLogs(execution.id, logLines(1, 10));
      const byHeader = await stream(execution.id, '', { 'Last-Event-ID': '4' });
      const byQuery = await stream(execution.id, '?lastEventId=7');
      // The header wins over the query an EventSource keeps in its URL.
      const both = await stream(execution.id, '?lastEventId=1', { 'Last-Event-ID': '9' });
      // History arrives at once, without waiting for a new line to wake the shared reader.
      for (const c of [byHeader, byQuery, both]) await c.waitFor((x) => x.logSeqs.at(-1) === 10, 2_000);
      await events.appendLogs(execution.id, logLines(11, 12));
      for (const c of [byHeader, byQuery, both]) await c.waitFor((x) => x.logSeqs.at(-1) === 12);

      expect(byHeader.logSeqs).toEqual(range(5, 12));
      expect(byQuery.logSeqs).toEqual(range(8, 12));
      expect(both.logSeqs).toEqual(range(10, 12));
    });

    it('should serve a finished execution whose stream expired from PostgreSQL, then end and close', async () => {
      const execution = await ended('failed', 3);
      await insertLogs(t.db, execution.id, logLines(1, 2500));
      expect(await redis.exists(keys.logStream(execution.id))).toBe(0);

      const client = await stream(execution.id, '', { 'Last-Event-ID': '3' });
      await client.waitForClose();

      expect(client.logSeqs).toEqual(range(4, 2500));
      expect(client.named('status').map((e) => JSON.parse(e.data))).toEqual([
        expect.objectContaining({ id: execution.id, botId: bot.id, status: 'failed', exitCode: 3 }),
      ]);
      expect(JSON.parse(client.events.at(-1)!.data)).toEqual({ status: 'failed', exitCode: 3 });
      expect(client.events.at(-1)?.event).toBe('end');
    });

    it('should fill the part of a trimmed stream that is gone from PostgreSQL', async () => {
      const execution = await running();
      await events.appendLogs(execution.id, logLines(1, 40));
      await insertLogs(t.db, execution.id, logLines(1, 25));
      await redis.xtrim(keys.logStream(execution.id), 'MINID', '21-0');

      const fromStart = await stream(execution.id);
      const fromMiddle = await stream(execution.id, '', { 'Last-Event-ID': '10' });
      await events.appendLogs(execution.id, logLines(41, 45));
      for (const c of [fromStart, fromMiddle]) await c.waitFor((x) => x.logSeqs.at(-1) === 45);

      expect(fromStart.logSeqs).toEqual(range(1, 45));
      expect(fromMiddle.logSeqs).toEqual(range(11, 45));
    });

    it('should give clients at different positions on one execution exactly their own lines', async () => {
      const execution = await running();
      await events.appendLogs(execution.id, logLines(1, 10));
      const ahead = await stream(execution.id);
      await ahead.waitFor((c) => c.logs.length === 10);

      // Joining behind `ahead` moves the shared read position back; `ahead` must not see 4..10 again.
      const behind = await stream(execution.id, '', { 'Last-Event-ID': '3' });
      const middle = await stream(execution.id, '', { 'Last-Event-ID': '8' });
      for (const c of [behind, middle]) await c.waitFor((x) => x.logSeqs.at(-1) === 10, 2_000);
      for (let seq = 11; seq <= 50; seq += 5) await events.appendLogs(execution.id, logLines(seq, seq + 4));
      await finish(execution, 50);
      for (const c of [ahead, behind, middle]) await c.waitForClose();

      expect(ahead.logSeqs).toEqual(range(1, 50));
      expect(behind.logSeqs).toEqual(range(4, 50));
      expect(middle.logSeqs).toEqual(range(9, 50));
    });

    it('should catch a newcomer up on a long history itself, then join the shared reader near the end', async () => {
      const execution = await running();
      for (let seq = 1; seq <= 2_500; seq += 500)
        await events.appendLogs(execution.id, logLines(seq, seq + 499));
      await events.emitStatus({ id: execution.id, botId: bot.id, status: 'running', exitCode: null }, 2_500);
      const reader = t.app.get(LogStreamReader);
      const joinedAt: string[] = [];
      const subscribe = reader.subscribe.bind(reader);
      reader.subscribe = (id, afterId, onEntries) => {
        if (id === execution.id) joinedAt.push(afterId);
        return subscribe(id, afterId, onEntries);
      };
      try {
        const newcomer = await stream(execution.id);
        await newcomer.waitFor((c) => c.logs.length === 2_500, 10_000);
        await events.appendLogs(execution.id, logLines(2_501, 2_510));
        await finish(execution, 2_510);
        await newcomer.waitForClose();
        expect(newcomer.logSeqs).toEqual(range(1, 2_510));
        // It joined after the status entry that follows line 2,500, not at 0-0.
        expect(joinedAt).toHaveLength(1);
        expect(joinedAt[0]).toMatch(/^2500-[1-9]/);
      } finally {
        reader.subscribe = subscribe;
      }
    });

    describe('a history of long lines, larger than a client may have waiting', () => {
      // 400 lines of 16 KiB: 6.4 MB in one page, over the 4 MiB a client may have unsent.
      const longLines = () =>
        logLines(1, 400).map((l) => ({ ...l, text: `${l.seq} ${'x'.repeat(16 * 1024)}` }));
      /** The client got lines 1…lastSeq and the end, on this one connection. */
      const expectWholeLog = async (client: SseClient, lastSeq: number) => {
        await client.waitForClose(10_000);
        expect(client.logSeqs).toEqual(range(1, lastSeq));
        expect(client.events.at(-1)?.event).toBe('end');
      };

      it('should replay it from the live stream without cutting the client off', async () => {
        const execution = await running();
        const lines = longLines();
        for (let i = 0; i < lines.length; i += 100)
          await events.appendLogs(execution.id, lines.slice(i, i + 100));
        await finish(execution, 400);
        await expectWholeLog(await stream(execution.id), 400);
      });

      it('should deliver it to a client following live when it arrives all at once', async () => {
        const execution = await running();
        await events.appendLogs(execution.id, logLines(1, 1));
        const follower = await stream(execution.id);
        await follower.waitFor((c) => c.logs.length === 1);
        const burst = longLines().map((l) => ({ ...l, seq: l.seq + 1 }));
        await events.appendLogs(execution.id, burst);
        await finish(execution, 401);
        await expectWholeLog(follower, 401);
      });

      it('should replay it from PostgreSQL without cutting the client off', async () => {
        const execution = await ended('succeeded', 0);
        await insertLogs(t.db, execution.id, longLines());
        await expectWholeLog(await stream(execution.id), 400);
      });
    });

    it('should let newcomers arriving together share the reads of the backlog', async () => {
      const execution = await running();
      for (let seq = 1; seq <= 2_500; seq += 500)
        await events.appendLogs(execution.id, logLines(seq, seq + 499));
      const entriesAfter = vi.spyOn(events, 'entriesAfter');
      try {
        const newcomers = await Promise.all(range(1, 5).map(() => stream(execution.id)));
        for (const c of newcomers) await c.waitFor((x) => x.logs.length === 2_500, 10_000);
        await finish(execution, 2_500);
        for (const c of newcomers) {
          await c.waitForClose();
          expect(c.logSeqs).toEqual(range(1, 2_500));
        }
        // three pages each (1,000 + 1,000 + 500) would be 15 reads without sharing
        const reads = entriesAfter.mock.calls.filter(([id]) => id === execution.id).length;
        expect(reads).toBeLessThan(15);
      } finally {
        entriesAfter.mockRestore();
      }
    });

    it('should serve 100 concurrent clients through one reader connection', async () => {
      const readerConnections = async () =>
        String(await redis.client('LIST'))
          .split('\n')
          .filter((line) => line.includes(' name=agented-stream-reader ')).length;
      const reader = t.app.get(LogStreamReader);
      const followedBefore = reader.followedStreams;
      const before = await readerConnections();
      const executions = await Promise.all(range(1, 10).map(() => running()));
      const many = await Promise.all(range(0, 99).map((i) => stream(executions[i % 10].id)));
      await Promise.all(executions.map((e) => events.appendLogs(e.id, logLines(1, 3))));
      await Promise.all(many.map((c) => c.waitFor((x) => x.logs.length === 3)));

      for (const c of many) expect(c.logSeqs).toEqual([1, 2, 3]);
      // Other test files run apps (each with its own reader) at the same time: allow for a few.
      expect((await readerConnections()) - before).toBeLessThan(5);
      expect(reader.followedStreams).toBe(followedBefore + 10);

      for (const c of many) c.close();
      await expect.poll(() => reader.followedStreams).toBe(followedBefore);
    });

    it('should stop reading a stream once its last client has gone', async () => {
      const reader = t.app.get(LogStreamReader);
      const execution = await running();
      const before = reader.followedStreams;
      const client = await stream(execution.id);
      await events.appendLogs(execution.id, logLines(1, 1));
      await client.waitFor((c) => c.logs.length === 1);
      expect(reader.followedStreams).toBe(before + 1);
      client.close();
      await expect.poll(() => reader.followedStreams).toBe(before);
    });

    it('should answer 404 for an unknown execution before streaming', async () => {
      const res = await SseClient.request(`${t.url}/api/executions/${UNKNOWN_ID}/stream`, viewer);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({
        statusCode: 404,
        message: expect.stringContaining(UNKNOWN_ID),
      });
    });

    it('should answer 400 for a bad id or resume point', async () => {
      const id = (await running()).id;
      const cases: [string, Record<string, string>, RegExp][] = [
        ['/api/executions/nope/stream', {}, /id/],
        [`/api/executions/${id}/stream?lastEventId=abc`, {}, /lastEventId/],
        [`/api/executions/${id}/stream?lastEventId=-1`, {}, /lastEventId/],
        [`/api/executions/${id}/stream`, { 'Last-Event-ID': '1.5' }, /Last-Event-ID/],
      ];
      for (const [path, headers, message] of cases) {
        const res = await SseClient.request(`${t.url}${path}`, { ...viewer, ...headers });
        expect(res.status, path).toBe(400);
        expect(((await res.json()) as { message: string }).message).toMatch(message);
      }
    });
  });

  describe('GET /api/events', () => {
    it('should fail loudly when Redis refuses the end of a stream, not leave viewers waiting', async () => {
      const execution = await running();
      await events.appendLogs(execution.id, logLines(1, 5));
      // entries must rise: an end written "after line 2" cannot follow line 5
      await expect(
        events.emitFinal(
          { id: execution.id, botId: bot.id, status: 'succeeded', exitCode: 0 },
          { status: 'succeeded', exitCode: 0 },
          2,
        ),
      ).rejects.toThrow(/equal or smaller/);
    });

    it('should send every status change', async () => {
      // As EventSource does it: the token in the query.
      const client = await SseClient.open(
        `${t.url}/api/events?access_token=${await accessToken(t, 'viewer')}`,
      );
      clients.push(client);
      await expect
        .poll(async () => ((await redis.pubsub('NUMSUB', keys.eventsChannel)) as [string, number])[1])
        .toBeGreaterThan(0);
      const execution = await running();
      await events.emitStatus({ id: execution.id, botId: bot.id, status: 'running', workerId: 'w1' }, 0);
      await events.emitStatus({ id: execution.id, botId: bot.id, status: 'timed_out' }, 0);
      await client.waitFor((c) => c.named('execution').length >= 2);

      expect(client.named('execution').map((e) => JSON.parse(e.data))).toEqual([
        { id: execution.id, botId: bot.id, status: 'running' },
        { id: execution.id, botId: bot.id, status: 'timed_out' },
      ]);
    });
  });
});

describe('live stream heartbeats', () => {
  it('should send a comment every SSE_HEARTBEAT_SECONDS', async () => {
    const t = await startTestApp({ SSE_HEARTBEAT_SECONDS: '1' });
    try {
      const bot = await insertBot(t.db);
      const execution = await insertExecution(t.db, bot.id, { status: 'running' });
      const viewer = await authHeaders(t, 'viewer');
      const log = await SseClient.open(`${t.url}/api/executions/${execution.id}/stream`, viewer);
      const feed = await SseClient.open(`${t.url}/api/events`, viewer);
      // 1 s interval: two pings within 2.5 s, with room for a slow machine.
      await log.waitFor((c) => c.comments.filter((x) => x === 'ping').length >= 2, 3_000);
      await feed.waitFor((c) => c.comments.includes('ping'), 3_000);
      log.close();
      feed.close();
    } finally {
      await t.close();
    }
  });
});

describe('who may keep a stream open', () => {
  let t: TestApp;
  let admin: AuthHeaders;
  const clients: SseClient[] = [];
  const open = async (path: string, headers: Record<string, string>) => {
    const client = await SseClient.request(`${t.url}${path}`, headers);
    clients.push(client);
    return client;
  };
  const signedIn = async () => {
    const user = await createUser(t.env, 'viewer');
    return { user, headers: bearer((await login(t.url, user.email, user.password)).accessToken) };
  };
  const ended = (c: SseClient) =>
    c.waitForClose(8_000).then(() => c.comments.some((x) => x.includes('stopped working')));

  beforeAll(async () => {
    // Credentials re-checked every second; two streams per user.
    t = await startTestApp({ SSE_MAX_STREAMS_PER_USER: '2', CREDENTIAL_RECHECK_SECONDS: '1' });
    admin = await authHeaders(t, 'admin');
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await t.close();
  });

  it('should end the streams of an access token once it is signed out', async () => {
    const bot = await insertBot(t.db);
    const execution = await insertExecution(t.db, bot.id, { status: 'running', started_at: new Date() });
    const { headers } = await signedIn();
    const log = await open(`/api/executions/${execution.id}/stream`, headers);
    const feed = await open(`/api/events?access_token=${headers.authorization.slice('Bearer '.length)}`, {});
    expect([log.status, feed.status]).toEqual([200, 200]);
    const out = await fetch(`${t.url}/api/auth/logout`, { method: 'POST', headers });
    expect(out.status).toBe(204);
    expect(await Promise.all([ended(log), ended(feed)])).toEqual([true, true]);
  });

  it('should end the streams of a deleted user and of a revoked API key', async () => {
    const { user, headers } = await signedIn();
    const key = await createApiKey(t.env, 'viewer');
    const byUser = await open('/api/events', headers);
    const byKey = await open('/api/events', key.headers);
    expect([byUser.status, byKey.status]).toEqual([200, 200]);
    expect((await fetch(`${t.url}/api/users/${user.id}`, { method: 'DELETE', headers: admin })).status).toBe(
      204,
    );
    expect(
      (await fetch(`${t.url}/api/api-keys/${key.id}`, { method: 'DELETE', headers: admin })).status,
    ).toBe(204);
    expect(await Promise.all([ended(byUser), ended(byKey)])).toEqual([true, true]);
  });

  it('should refuse a user more than SSE_MAX_STREAMS_PER_USER open streams with 429, and no one else', async () => {
    const { headers } = await signedIn();
    const first = await open('/api/events', headers);
    const second = await open('/api/events', headers);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await open('/api/events', headers);
    expect(third.status).toBe(429);
    expect(await third.json()).toMatchObject({
      statusCode: 429,
      message: expect.stringMatching(/at most 2 per user/),
    });
    expect((await open('/api/events', (await signedIn()).headers)).status).toBe(200);

    first.close();
    await expect
      .poll(async () => {
        const next = await open('/api/events', headers);
        return next.status;
      })
      .toBe(200);
  });
});
