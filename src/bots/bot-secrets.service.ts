import { Injectable, NotFoundException } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Identity } from '../access/identity';
import { SecretBox } from '../crypto/secret-box';
import { BotSecretNames } from './bot-secrets.dto';
import { BotSecretsRepository } from './bot-secrets.repository';
import { BotsRepository } from './bots.repository';

/**
 * Write-only secrets: values go in sealed and come out only as a bot process's environment (see
 * BotSecretEnvironment). The audit log names the secret, never its value.
 */
@Injectable()
export class BotSecretsService {
  constructor(
    private readonly secrets: BotSecretsRepository,
    private readonly bots: BotsRepository,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
  ) {}

  async names(botId: string): Promise<BotSecretNames> {
    await this.botOrFail(botId);
    return { names: (await this.secrets.namesByBot([botId])).get(botId) ?? [] };
  }

  async put(actor: Identity, botId: string, name: string, value: string): Promise<void> {
    await this.botOrFail(botId);
    await this.secrets.upsert(botId, name, this.box.encrypt(value));
    await this.audit.record(actor, 'bot.secret_set', { type: 'bot', id: botId }, { name });
  }

  async remove(actor: Identity, botId: string, name: string): Promise<void> {
    await this.botOrFail(botId);
    if (!(await this.secrets.delete(botId, name))) {
      throw new NotFoundException(`Bot ${botId} has no secret named ${name}`);
    }
    await this.audit.record(actor, 'bot.secret_delete', { type: 'bot', id: botId }, { name });
  }

  private async botOrFail(botId: string): Promise<void> {
    if (!(await this.bots.findById(botId))) throw new NotFoundException(`Bot ${botId} not found`);
  }
}
