import { Injectable, NotFoundException } from '@nestjs/common';
import { createHash, randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { API_KEY_PREFIX } from '../access/credentials';
import { ApiKeyIdentity, Identity } from '../access/identity';
import { lowerRole } from '../access/roles';
import { ApiKeyResponse, CreateApiKeyDto, CreatedApiKeyResponse, mapApiKey } from './api-keys.dto';
import { ActiveApiKey, ApiKeysRepository } from './api-keys.repository';

@Injectable()
export class ApiKeysService {
  constructor(
    private readonly keys: ApiKeysRepository,
    private readonly audit: AuditService,
  ) {}

  async create(actor: Identity, dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    const key = `${API_KEY_PREFIX}${randomBytes(32).toString('base64url')}`;
    const row = await this.keys.create({
      userId: actor.userId,
      name: dto.name,
      role: dto.role,
      keyHash: hashKey(key),
    });
    await this.audit.record(
      actor,
      'api_key.create',
      { type: 'api_key', id: row.id },
      { name: row.name, role: row.role },
    );
    return { ...mapApiKey(row), key };
  }

  async list(): Promise<ApiKeyResponse[]> {
    return (await this.keys.listActive()).map(mapApiKey);
  }

  /** Takes effect on the next request on every replica: each request looks the key up. */
  async revoke(actor: Identity, id: string): Promise<void> {
    const row = await this.keys.revoke(id);
    if (!row) throw new NotFoundException(`API key ${id} not found`);
    await this.audit.record(actor, 'api_key.revoke', { type: 'api_key', id }, { name: row.name });
  }

  /** The identity behind a presented key, or undefined when it is unknown or revoked. */
  async authenticate(key: string): Promise<ApiKeyIdentity | undefined> {
    const row = await this.keys.findActiveByHash(hashKey(key));
    if (!row) return undefined;
    if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > LAST_USED_PRECISION_MS) {
      await this.keys.touch(row.id);
    }
    return identityOf(row);
  }

  /** The key's identity as it stands now (for open streams), or undefined once it no longer works. */
  async current(apiKeyId: string): Promise<ApiKeyIdentity | undefined> {
    const row = await this.keys.findActiveById(apiKeyId);
    return row ? identityOf(row) : undefined;
  }
}

/** A key never acts above its creator's current role: demoting the creator demotes the key. */
function identityOf(row: ActiveApiKey): ApiKeyIdentity {
  return {
    kind: 'api-key',
    userId: row.user_id,
    apiKeyId: row.id,
    role: lowerRole(row.role, row.creator_role),
  };
}

/** lastUsedAt is kept to the minute: no write per request for a busy key. */
const LAST_USED_PRECISION_MS = 60_000;

/** Keys carry 256 random bits: SHA-256 suffices and keeps the per-request check cheap. */
function hashKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}
