import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { roleAtLeast } from '../access/roles';
import { BotsRepository } from '../bots/bots.repository';
import { describeZodError } from '../common/validation';
import { SecretBox } from '../crypto/secret-box';
import { TriggerRow } from '../database/database.types';
import { ScheduleSync } from './schedule-sync';
import {
  CONFIG_SCHEMAS,
  CreateTriggerDto,
  CreatedTriggerResponse,
  FIELDS_OF_TYPE,
  TriggerResponse,
  TriggerWithSecretResponse,
  UpdateTriggerDto,
  WEBHOOK_URL_ROLE,
  mapTrigger,
  webhookUrl,
} from './triggers.dto';
import { TriggersRepository } from './triggers.repository';

/** The URL token is a lookup key, the secret signs bodies: both unguessable, neither derived from the other. */
const newToken = () => randomBytes(32).toString('base64url');
const newSecret = () => randomBytes(32).toString('hex');

@Injectable()
export class TriggersService {
  constructor(
    private readonly triggers: TriggersRepository,
    private readonly bots: BotsRepository,
    private readonly secretBox: SecretBox,
    private readonly schedules: ScheduleSync,
    private readonly audit: AuditService,
  ) {}

  /** A webhook's URL holds its token, a credential of sorts: only for WEBHOOK_URL_ROLE and above. */
  async listForBot(reader: Identity, botId: string): Promise<TriggerResponse[]> {
    await this.assertBotExists(botId);
    const withUrl = roleAtLeast(reader.role, WEBHOOK_URL_ROLE);
    return (await this.triggers.listByBot(botId)).map((row) => mapTrigger(row, { withUrl }));
  }

  /** Only a webhook trigger gets a URL token and a secret; GitHub's secret is the server's. */
  async create(actor: Identity, botId: string, dto: CreateTriggerDto): Promise<CreatedTriggerResponse> {
    await this.assertBotExists(botId);
    const { type, enabled, ...config } = dto;
    const secret = newSecret();
    const isWebhook = type === 'webhook';
    const row = await this.triggers.create({
      bot_id: botId,
      type,
      enabled,
      config: JSON.stringify(config),
      token: isWebhook ? newToken() : null,
      secret_encrypted: isWebhook ? this.secretBox.encrypt(secret) : null,
    });
    if (type === 'schedule') {
      // A schedule that cannot be scheduled must not exist: undo, and let the caller see the 503.
      await this.schedules.apply(row).catch(async (err: unknown) => {
        await this.triggers.delete(row.id);
        throw err;
      });
    }
    await this.audit.record(actor, 'trigger.create', { type: 'trigger', id: row.id }, { botId, type });
    const response = mapTrigger(row);
    return response.type === 'webhook' ? { ...response, url: webhookUrl(row), secret } : response;
  }

  /**
   * Fields of the trigger's own type replace the stored ones; the result is checked as a whole
   * (a new time zone against the stored cron). A schedule's scheduler follows at once.
   */
  async update(actor: Identity, id: string, dto: UpdateTriggerDto): Promise<TriggerResponse> {
    const current = this.found(id, await this.triggers.findById(id));
    const { enabled, ...fields } = dto;
    const sent = Object.entries(fields).filter(([, value]) => value !== undefined);
    const foreign = sent.find(([name]) => !FIELDS_OF_TYPE[current.type].some((own) => own === name));
    if (foreign) {
      throw new BadRequestException(`${foreign[0]}: not a setting of ${current.type} triggers`);
    }
    let config: Record<string, unknown> | undefined;
    if (sent.length > 0) {
      const merged = { ...current.config, ...Object.fromEntries(sent.map(([k, v]) => [k, v ?? undefined])) };
      const parsed = CONFIG_SCHEMAS[current.type].safeParse(merged);
      if (!parsed.success) throw new BadRequestException(describeZodError(parsed.error));
      config = parsed.data;
    }
    const row = this.found(id, await this.triggers.update(id, { enabled, config }));
    if (row.type === 'schedule') await this.schedules.apply(row);
    await this.audit.record(actor, 'trigger.update', { type: 'trigger', id }, { fields: Object.keys(dto) });
    return mapTrigger(row);
  }

  async remove(actor: Identity, id: string): Promise<void> {
    const row = this.found(id, await this.triggers.delete(id));
    if (row.type === 'schedule') await this.schedules.remove(row.id);
    await this.audit.record(actor, 'trigger.delete', { type: 'trigger', id });
  }

  /** The old secret stops working at once; senders must switch to the new one. */
  async rotateSecret(actor: Identity, id: string): Promise<TriggerWithSecretResponse> {
    const current = this.found(id, await this.triggers.findById(id));
    if (current.type !== 'webhook') {
      throw new BadRequestException(
        `Only webhook triggers have a secret; GitHub triggers use GITHUB_WEBHOOK_SECRET, schedules none (this one is ${current.type})`,
      );
    }
    const secret = newSecret();
    const row = this.found(id, await this.triggers.setWebhookSecret(id, this.secretBox.encrypt(secret)));
    const response = mapTrigger(row);
    if (response.type !== 'webhook') throw new Error(`trigger ${id} changed type`);
    await this.audit.record(actor, 'trigger.rotate_secret', { type: 'trigger', id });
    return { ...response, url: webhookUrl(row), secret };
  }

  private async assertBotExists(botId: string): Promise<void> {
    if (!(await this.bots.findById(botId))) throw new NotFoundException(`Bot ${botId} not found`);
  }

  private found(id: string, row: TriggerRow | undefined): TriggerRow {
    if (!row) throw new NotFoundException(`Trigger ${id} not found`);
    return row;
  }
}
