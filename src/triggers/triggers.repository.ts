import { Injectable } from '@nestjs/common';
import { Insertable, Kysely, sql } from 'kysely';
import { Database, TriggerRow, TriggerType, TriggersTable } from '../database/database.types';

export interface TriggerChanges {
  enabled?: boolean;
  /** replaces the stored config */
  config?: Record<string, unknown>;
}

/** What ingesting one webhook needs, in one query. */
export interface WebhookTarget {
  id: string;
  bot_id: string;
  enabled: boolean;
  config: Record<string, unknown>;
  secret_encrypted: string | null;
  bot_enabled: boolean;
}

/** A trigger of any type with what starting its bot needs. */
export interface TriggerTarget extends WebhookTarget {
  type: TriggerType;
}

@Injectable()
export class TriggersRepository {
  constructor(private readonly db: Kysely<Database>) {}

  listByBot(botId: string): Promise<TriggerRow[]> {
    return this.db
      .selectFrom('triggers')
      .selectAll()
      .where('bot_id', '=', botId)
      .orderBy('created_at')
      .orderBy('id')
      .execute();
  }

  findById(id: string): Promise<TriggerRow | undefined> {
    return this.db.selectFrom('triggers').selectAll().where('id', '=', id).executeTakeFirst();
  }

  create(trigger: Insertable<TriggersTable>): Promise<TriggerRow> {
    return this.db.insertInto('triggers').values(trigger).returningAll().executeTakeFirstOrThrow();
  }

  update(id: string, changes: TriggerChanges): Promise<TriggerRow | undefined> {
    return this.db
      .updateTable('triggers')
      .set({
        enabled: changes.enabled,
        config: changes.config && JSON.stringify(changes.config),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .returningAll()
      .executeTakeFirst();
  }

  /** undefined when there is no webhook trigger with this id (other types have no secret). */
  setWebhookSecret(id: string, secretEncrypted: string): Promise<TriggerRow | undefined> {
    return this.db
      .updateTable('triggers')
      .set({ secret_encrypted: secretEncrypted, updated_at: new Date() })
      .where('id', '=', id)
      .where('type', '=', 'webhook')
      .returningAll()
      .executeTakeFirst();
  }

  /** The deleted trigger, or undefined when there was none. */
  delete(id: string): Promise<TriggerRow | undefined> {
    return this.db.deleteFrom('triggers').where('id', '=', id).returningAll().executeTakeFirst();
  }

  findTarget(id: string): Promise<TriggerTarget | undefined> {
    return this.targets().where('triggers.id', '=', id).executeTakeFirst();
  }

  /** The enabled triggers of one type, oldest first (the order their executions are created in). */
  listEnabledTargets(type: TriggerType): Promise<TriggerTarget[]> {
    return this.targets()
      .where('triggers.type', '=', type)
      .where('triggers.enabled', '=', true)
      .orderBy('triggers.created_at')
      .orderBy('triggers.id')
      .execute();
  }

  private targets() {
    return this.db
      .selectFrom('triggers')
      .innerJoin('bots', 'bots.id', 'triggers.bot_id')
      .select([
        'triggers.id',
        'triggers.bot_id',
        'triggers.type',
        'triggers.enabled',
        'triggers.config',
        'triggers.secret_encrypted',
        'bots.enabled as bot_enabled',
      ]);
  }

  /** One query for many tokens (webhooks arriving together); answers token by token. */
  async findWebhooksByTokens(tokens: string[]): Promise<(WebhookTarget | undefined)[]> {
    const rows = await this.targets()
      .select('triggers.token')
      .where('triggers.token', '=', sql<string>`any(${[...new Set(tokens)]}::text[])`)
      .where('triggers.type', '=', 'webhook')
      .execute();
    const byToken = new Map(rows.map(({ token, ...target }) => [token, target]));
    return tokens.map((token) => byToken.get(token));
  }
}
