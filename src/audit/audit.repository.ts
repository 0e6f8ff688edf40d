import { Injectable } from '@nestjs/common';
import { Insertable, Kysely } from 'kysely';
import { AuditEventsTable, Database } from '../database/database.types';

export interface AuditListQuery {
  /** a user id or API key id */
  actorId?: string;
  /** the signed-in user's email, or the email tried in a failed sign-in */
  actorEmail?: string;
  action?: string;
  /** id of the last event of the previous page */
  beforeId?: number;
  limit: number;
}

export interface AuditEventWithEmail {
  id: number;
  at: Date;
  actor_type: AuditEventsTable['actor_type'];
  actor_user_id: string | null;
  actor_api_key_id: string | null;
  actor_email: string | null;
  action: string;
  target_type: string | null;
  target_id: string | null;
  details: Record<string, unknown>;
}

@Injectable()
export class AuditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(event: Insertable<AuditEventsTable>): Promise<void> {
    await this.db.insertInto('audit_events').values(event).execute();
  }

  /** Newest first; the actor's current email joined in for display. */
  list(q: AuditListQuery): Promise<AuditEventWithEmail[]> {
    return this.db
      .selectFrom('audit_events as a')
      .leftJoin('users as u', 'u.id', 'a.actor_user_id')
      .select([
        'a.id',
        'a.at',
        'a.actor_type',
        'a.actor_user_id',
        'a.actor_api_key_id',
        'u.email as actor_email',
        'a.action',
        'a.target_type',
        'a.target_id',
        'a.details',
      ])
      .$if(q.actorId !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([eb('a.actor_user_id', '=', q.actorId!), eb('a.actor_api_key_id', '=', q.actorId!)]),
        ),
      )
      .$if(q.actorEmail !== undefined, (qb) =>
        qb.where((eb) =>
          eb.or([
            eb('u.email', '=', q.actorEmail!),
            eb(eb.ref('a.details', '->>').key('email'), '=', q.actorEmail!),
          ]),
        ),
      )
      .$if(q.action !== undefined, (qb) => qb.where('a.action', '=', q.action!))
      .$if(q.beforeId !== undefined, (qb) => qb.where('a.id', '<', q.beforeId!))
      .orderBy('a.id', 'desc')
      .limit(q.limit)
      .execute();
  }
}
