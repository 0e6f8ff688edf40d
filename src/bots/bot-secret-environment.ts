import { Injectable } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { BotSecretsRepository } from './bot-secrets.repository';

/** For the worker: the only place a bot's secrets are opened, to become its process's environment. */
@Injectable()
export class BotSecretEnvironment {
  constructor(
    private readonly secrets: BotSecretsRepository,
    private readonly box: SecretBox,
  ) {}

  /** name → decrypted value. Throws when a value cannot be opened (another MASTER_KEY). */
  async of(botId: string): Promise<Record<string, string>> {
    const env: Record<string, string> = {};
    for (const { name, value_encrypted } of await this.secrets.sealed(botId)) {
      env[name] = this.box.decrypt(value_encrypted);
    }
    return env;
  }
}
