import { Injectable } from '@nestjs/common';
import { Kysely, sql } from 'kysely';
import { Database, DeliveryRow } from '../database/database.types';
import { GithubContext } from '../github/github-event';

export interface NewWebhookDelivery {
  triggerId: string;
  botId: string;
  /** the sender's delivery id (or one we generated) */
  externalId: string;
  dedupKey: string;
  event: string | null;
  headers: Record<string, string>;
  /** the body as received, already known to be JSON */
  payloadJson: string;
  /** false records the delivery without running the bot (rules did not hold, bot disabled) */
  withExecution: boolean;
}

export interface DeliveryOutcome {
  deliveryId: string;
  executionIds: string[];
}

@Injectable()
export class DeliveriesRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /**
   * Deliveries and their executions in ONE statement (so one transaction and one round trip,
   * however many webhooks share it); the execution's input reuses the stored payload instead of
   * sending it twice. Answers item by item: undefined when the dedup key is taken, also by an
   * earlier item of the same call; a concurrent twin waits on the unique index and then inserts
   * nothing.
   */
  async insertWebhooks(list: NewWebhookDelivery[]): Promise<(DeliveryOutcome | undefined)[]> {
    const seen = new Set<string>();
    const fresh = new Set(list.filter((d) => !seen.has(d.dedupKey) && seen.add(d.dedupKey)));
    const column = <T>(pick: (d: NewWebhookDelivery) => T) => [...fresh].map(pick);
    const { rows } = await sql<{ dedup_key: string; delivery_id: string; execution_ids: string[] }>`
      with input as (
        select * from unnest(
          ${column((d) => d.triggerId)}::uuid[], ${column((d) => d.botId)}::uuid[],
          ${column((d) => d.externalId)}::text[], ${column((d) => d.dedupKey)}::text[],
          ${column((d) => d.event)}::text[], ${column((d) => JSON.stringify(d.headers))}::text[],
          ${column((d) => d.payloadJson)}::text[], ${column((d) => d.withExecution)}::boolean[]
        ) with ordinality
          as i(trigger_id, bot_id, external_id, dedup_key, event, headers, payload, with_execution, ord)
      ), d as (
        insert into deliveries (source, trigger_id, external_id, dedup_key, event, headers, payload)
        select 'webhook', trigger_id, external_id, dedup_key, event, headers::jsonb, payload::jsonb
        from input order by ord
        on conflict (dedup_key) do nothing
        returning id, dedup_key, event, payload
      ), e as (
        insert into executions (bot_id, trigger_id, trigger_type, delivery_id, input)
        select i.bot_id, i.trigger_id, 'webhook', d.id,
               -- webhookInput (executions/execution-input.ts), built here so the payload is sent once
               jsonb_build_object('payload', d.payload, 'event', d.event, 'deliveryId', d.id)
        from d join input i using (dedup_key)
        where i.with_execution
        order by i.ord
        returning id, delivery_id
      )
      select d.dedup_key, d.id as delivery_id,
             array(select e.id from e where e.delivery_id = d.id) as execution_ids
      from d`.execute(this.db);
    const inserted = new Map(rows.map((r) => [r.dedup_key, r]));
    return list.map((d) => {
      const row = fresh.has(d) ? inserted.get(d.dedupKey) : undefined;
      return row && { deliveryId: row.delivery_id, executionIds: row.execution_ids };
    });
  }

  /**
   * A repeated delivery's first answer. Only the executions the delivery itself started count
   * (trigger_type equals the source), not later replays or retries that point at it.
   */
  async findOutcome(dedupKey: string): Promise<DeliveryOutcome | undefined> {
    const row = await this.db
      .selectFrom('deliveries as d')
      .select((eb) => [
        'd.id',
        eb
          .fn<string[]>('array', [
            eb
              .selectFrom('executions as e')
              .select('e.id')
              .whereRef('e.delivery_id', '=', 'd.id')
              .whereRef('e.trigger_type', '=', 'd.source')
              .orderBy('e.queued_at')
              .orderBy('e.id'),
          ])
          .as('execution_ids'),
      ])
      .where('d.dedup_key', '=', dedupKey)
      .executeTakeFirst();
    return row && { deliveryId: row.id, executionIds: row.execution_ids };
  }

  /**
   * A GitHub delivery and one execution per matching trigger, in one statement; undefined when
   * the dedup key is taken. Execution ids come back ordered as `findOutcome` orders them.
   */
  async insertGithub(d: NewGithubDelivery): Promise<DeliveryOutcome | undefined> {
    const { rows } = await sql<{ delivery_id: string; execution_ids: string[] }>`
      with d as (
        insert into deliveries (source, external_id, dedup_key, event, headers, payload)
        values ('github', ${d.externalId}, ${d.dedupKey}, ${d.event},
                ${JSON.stringify(d.headers)}::jsonb, ${d.payloadJson}::jsonb)
        on conflict (dedup_key) do nothing
        returning id, event, payload
      ), e as (
        insert into executions (bot_id, trigger_id, trigger_type, delivery_id, input)
        select t.bot_id, t.trigger_id, 'github', d.id,
               -- githubInput (executions/execution-input.ts), built here so the payload is sent once
               jsonb_build_object('payload', d.payload, 'event', d.event, 'deliveryId', d.id,
                                  'github', ${JSON.stringify(d.github)}::jsonb)
        from d cross join unnest(${d.targets.map((t) => t.triggerId)}::uuid[],
                                 ${d.targets.map((t) => t.botId)}::uuid[]) as t(trigger_id, bot_id)
        returning id
      )
      select d.id as delivery_id, array(select e.id from e order by e.id) as execution_ids from d`.execute(
      this.db,
    );
    if (rows.length === 0) return undefined;
    return { deliveryId: rows[0].delivery_id, executionIds: rows[0].execution_ids };
  }

  /**
   * Newest first, without headers and payload. `triggerId` finds a webhook trigger's deliveries
   * (its own column); `startedTriggerId` those that started the trigger (GitHub deliveries).
   */
  list(q: DeliveryListQuery): Promise<DeliveryListRow[]> {
    return this.db
      .selectFrom('deliveries as d')
      .select(['d.id', 'd.source', 'd.trigger_id', 'd.external_id', 'd.event', 'd.received_at'])
      .select(
        sql<string>`to_char(d.received_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`.as(
          'received_at_exact',
        ),
      )
      .$if(q.triggerId !== undefined, (qb) => qb.where('d.trigger_id', '=', q.triggerId!))
      .$if(q.startedTriggerId !== undefined, (qb) =>
        qb.where((eb) =>
          eb.exists(
            eb
              .selectFrom('executions as e')
              .select('e.id')
              .whereRef('e.delivery_id', '=', 'd.id')
              .where('e.trigger_id', '=', q.startedTriggerId!),
          ),
        ),
      )
      .$if(q.before !== undefined, (qb) =>
        qb.where(
          sql<boolean>`(d.received_at, d.id) < (${q.before!.receivedAt}::timestamptz, ${q.before!.id}::uuid)`,
        ),
      )
      .orderBy('d.received_at', 'desc')
      .orderBy('d.id', 'desc')
      .limit(q.limit)
      .execute();
  }

  findById(id: string): Promise<DeliveryRow | undefined> {
    return this.db.selectFrom('deliveries').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Every execution that points at the delivery (first runs, replays, retries), oldest first. */
  async executionIdsOf(deliveryId: string): Promise<string[]> {
    const rows = await this.db
      .selectFrom('executions')
      .select('id')
      .where('delivery_id', '=', deliveryId)
      .orderBy('queued_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => r.id);
  }
}

export interface NewGithubDelivery {
  /** X-GitHub-Delivery (or one we generated) */
  externalId: string;
  dedupKey: string;
  /** `pull_request.opened`, or `push` */
  event: string;
  headers: Record<string, string>;
  /** the JSON text as received, already known to parse */
  payloadJson: string;
  /** the `github` object of each execution's input */
  github: GithubContext;
  /** one execution per trigger */
  targets: { triggerId: string; botId: string }[];
}

export interface DeliveryListQuery {
  triggerId?: string;
  startedTriggerId?: string;
  limit: number;
  /** (received_at_exact, id) of the last item of the previous page */
  before?: { receivedAt: string; id: string };
}

/** Listed with its receive time to the microsecond, so paging never skips rows of one millisecond. */
export type DeliveryListRow = Pick<
  DeliveryRow,
  'id' | 'source' | 'trigger_id' | 'external_id' | 'event' | 'received_at'
> & { received_at_exact: string };
