import { Injectable } from '@nestjs/common';
import { Kysely, Transaction, sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import { BotRow, BotSecretRow, Database, ExecutionRow, ExecutionStatus } from '../database/database.types';
import { LogLine } from '../live-log/log-stream.codec';
import { TokenUsage } from './backends/execution-backend';
import { LOG_COLUMNS, logRows } from './execution-logs.repository';

type Db = Kysely<Database> | Transaction<Database>;

export interface FinishChanges {
  status: ExecutionStatus;
  exitCode: number | null;
  error: string | null;
  /** what this attempt's CLI reported; added to what earlier attempts reported */
  usage?: TokenUsage;
}

/** A per-bot cap on running executions, enforced across all workers. */
export interface BotSlotLimit {
  botId: string;
  maxConcurrent: number;
}

/** What a worker needs besides the execution row to run it, read in one statement. */
export interface RunContext {
  bot: BotRow;
  /** still sealed: only BotSecretEnvironment opens them */
  sealedSecrets: Pick<BotSecretRow, 'name' | 'value_encrypted'>[];
  /** the highest log seq stored so far (0 when none): an earlier attempt's lines come first */
  storedSeq: number;
}

// Namespaces this repository's advisory locks, so they can't collide with other users' keys.
const BOT_SLOT_LOCK = 0x61676e74;

const addUsage = (u: TokenUsage | undefined) => ({
  ...(u?.costUsd !== undefined && { cost_usd: sql<string>`coalesce(cost_usd, 0) + ${u.costUsd}` }),
  ...(u?.inputTokens !== undefined && {
    input_tokens: sql<number>`coalesce(input_tokens, 0) + ${u.inputTokens}`,
  }),
  ...(u?.outputTokens !== undefined && {
    output_tokens: sql<number>`coalesce(output_tokens, 0) + ${u.outputTokens}`,
  }),
});

/** The runner's side of an execution: its claim, its cancel flag, and its ending or next attempt. */
@Injectable()
export class ExecutionRunsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * queued → running, only if still queued: a cancelled or already-taken execution is not started.
   * With a bot limit, 'busy' when the bot's slots are taken by running executions or by queued
   * ones ahead of this one (queue order), so extra runs wait their turn on any worker. The advisory
   * lock makes the count and the claim one step for all workers claiming runs of this bot.
   */
  async markRunning(
    id: string,
    workerId: string,
    limit?: BotSlotLimit,
  ): Promise<ExecutionRow | 'busy' | undefined> {
    if (!limit) return this.setRunning(this.db, id, workerId);
    return this.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(${BOT_SLOT_LOCK}, hashtext(${limit.botId}::text))`.execute(trx);
      const { rows } = await sql<{ taken: number }>`
        select count(*)::int as taken from executions e, executions me
        where me.id = ${id} and e.bot_id = ${limit.botId}
          and (e.status = 'running' or (e.status = 'queued' and (e.queued_at, e.id) < (me.queued_at, me.id)))
      `.execute(trx);
      if ((rows[0]?.taken ?? 0) >= limit.maxConcurrent) return 'busy';
      return this.setRunning(trx, id, workerId);
    });
  }

  /**
   * queued → running in one statement when the execution's bot has no maxConcurrent: the common
   * case, without markRunning's transaction. undefined when it was not claimed, which includes a
   * bot with a limit (markRunning decides then).
   */
  markRunningIfUnlimited(id: string, workerId: string): Promise<ExecutionRow | undefined> {
    return this.setRunning(this.db, id, workerId, true);
  }

  /** The bot, its sealed secrets and the stored log position of an execution; undefined when it is gone. */
  async runContext(id: string): Promise<RunContext | undefined> {
    const row = await this.db
      .selectFrom('executions as e')
      .innerJoin('bots as b', 'b.id', 'e.bot_id')
      .selectAll('b')
      .select((eb) => [
        eb
          .selectFrom('execution_logs as l')
          .select(sql<number>`coalesce(max(l.seq), 0)`.as('max'))
          .whereRef('l.execution_id', '=', 'e.id')
          .as('stored_seq'),
        jsonArrayFrom(
          eb
            .selectFrom('bot_secrets as s')
            .select(['s.name', 's.value_encrypted'])
            .whereRef('s.bot_id', '=', 'b.id')
            .orderBy('s.name'),
        ).as('sealed_secrets'),
      ])
      .where('e.id', '=', id)
      .executeTakeFirst();
    if (!row) return undefined;
    const { stored_seq, sealed_secrets, ...bot } = row;
    return { bot, sealedSecrets: sealed_secrets, storedSeq: Number(stored_seq ?? 0) };
  }

  private setRunning(
    db: Db,
    id: string,
    workerId: string,
    onlyWithoutLimit = false,
  ): Promise<ExecutionRow | undefined> {
    return db
      .updateTable('executions')
      .set({ status: 'running', worker_id: workerId, started_at: new Date(), error: null })
      .where('id', '=', id)
      .where('status', '=', 'queued')
      .$if(onlyWithoutLimit, (qb) =>
        qb.where(
          sql<boolean>`exists (select 1 from bots b where b.id = executions.bot_id
            and jsonb_typeof(b.options -> 'maxConcurrent') is distinct from 'number')`,
        ),
      )
      .returningAll()
      .executeTakeFirst();
  }

  /**
   * Final state, only from running (the worker's own transition). The run's last log lines, when
   * given, are stored by the same statement: one commit to end an execution, not two.
   */
  finish(
    id: string,
    workerId: string,
    c: FinishChanges,
    lastLines: LogLine[] = [],
  ): Promise<ExecutionRow | undefined> {
    return this.db
      .with('stored_lines', (qc) =>
        qc
          .insertInto('execution_logs')
          .columns(LOG_COLUMNS)
          .expression(logRows(id, lastLines))
          .onConflict((oc) => oc.columns(['execution_id', 'seq']).doNothing()),
      )
      .updateTable('executions')
      .set({
        status: c.status,
        exit_code: c.exitCode,
        error: c.error,
        finished_at: new Date(),
        ...addUsage(c.usage),
      })
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('worker_id', '=', workerId)
      .returningAll()
      .executeTakeFirst();
  }

  /** Of these running executions, the ones whose cancel was requested (a missed pub/sub message). */
  async cancelRequestedAmong(ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .selectFrom('executions')
      .select('id')
      .where('id', 'in', ids)
      .where('status', '=', 'running')
      .where('cancel_requested_at', 'is not', null)
      .execute();
    return rows.map((r) => r.id);
  }

  /**
   * running → queued again, as the next attempt: the worker is shutting down and hands it back,
   * or the run is retried later (a rate limit); what the attempt's CLI reported is kept.
   */
  queueNextAttempt(id: string, workerId: string, usage?: TokenUsage): Promise<ExecutionRow | undefined> {
    return this.db
      .updateTable('executions')
      .set((eb) => ({
        status: 'queued',
        attempt: eb('attempt', '+', 1),
        worker_id: null,
        started_at: null,
        ...addUsage(usage),
      }))
      .where('id', '=', id)
      .where('status', '=', 'running')
      .where('worker_id', '=', workerId)
      .returningAll()
      .executeTakeFirst();
  }
}
