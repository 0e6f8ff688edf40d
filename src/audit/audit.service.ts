import { Injectable } from '@nestjs/common';
import {
  AuditEventsResponse,
  AuditQueryDto,
  decodeAuditCursor,
  encodeAuditCursor,
  mapAuditEvent,
} from './audit.dto';
import { AuditRepository } from './audit.repository';
import { AuditAction, AuditActor, AuditTarget } from './audit.types';

@Injectable()
export class AuditService {
  constructor(private readonly audit: AuditRepository) {}

  /**
   * One INSERT, awaited: the change it describes has already happened, so callers record after
   * their write. `actor` null means nobody signed in (a failed sign-in). Never pass secrets in details.
   */
  async record(
    actor: AuditActor | null,
    action: AuditAction,
    target: AuditTarget | null = null,
    details: Record<string, unknown> = {},
  ): Promise<void> {
    await this.audit.insert({
      actor_type: actor?.kind ?? 'anonymous',
      actor_user_id: actor?.userId ?? null,
      actor_api_key_id: actor?.kind === 'api-key' ? actor.apiKeyId : null,
      action,
      target_type: target?.type ?? null,
      target_id: target?.id ?? null,
      details: JSON.stringify(details),
    });
  }

  async list(q: AuditQueryDto): Promise<AuditEventsResponse> {
    const isId = q.actor !== undefined && UUID.test(q.actor);
    const rows = await this.audit.list({
      actorId: isId ? q.actor : undefined,
      actorEmail: q.actor !== undefined && !isId ? q.actor.toLowerCase() : undefined,
      action: q.action,
      beforeId: q.cursor === undefined ? undefined : decodeAuditCursor(q.cursor),
      limit: q.limit + 1,
    });
    const items = rows.slice(0, q.limit).map(mapAuditEvent);
    const last = rows.length > q.limit ? items[items.length - 1] : undefined;
    return { items, nextCursor: last ? encodeAuditCursor(last.id) : null };
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
