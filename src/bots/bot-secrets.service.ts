import { Injectable, NotFoundException } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { BotSecretNames } from './bot-secrets.dto';
import { BotSecretsRepository } from './bot-secrets.repository';
import { BotsRepository } from './bots.repository';

/** Write-only secrets: values go in sealed and come out only as a bot process's environment. */
@Injectable()
export class BotSecretsService {
  constructor(
    private readonly secrets: BotSecretsRepository,
    private readonly bots: BotsRepository,
    private readonly box: SecretBox,
  ) {}

  async names(botId: string): Promise<BotSecretNames> {
    await this.botOrFail(botId);
    return { names: (await this.secrets.namesByBot([botId])).get(botId) ?? [] };
  }

  async put(botId: string, name: string, value: string): Promise<void> {
    await this.botOrFail(botId);
    await this.secrets.upsert(botId, name, this.box.encrypt(value));
  }

  async remove(botId: string, name: string): Promise<void> {
    await this.botOrFail(botId);
    if (!(await this.secrets.delete(botId, name))) {
      throw new NotFoundException(`Bot ${botId} has no secret named ${name}`);
    }
  }

  /** For the worker: name → decrypted value. Throws when a value cannot be opened (another MASTER_KEY). */
  async environmentFor(botId: string): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for (const { name, value_encrypted } of await this.secrets.sealed(botId)) {
      env[name] = this.box.decrypt(value_encrypted);
    }
    return env;
  }

  private async botOrFail(botId: string): Promise<void> {
    if (!(await this.bots.findById(botId))) throw new NotFoundException(`Bot ${botId} not found`);
  }
}
