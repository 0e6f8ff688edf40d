import { Injectable } from '@nestjs/common';
import { SecretBox } from '../crypto/secret-box';
import { BotSecretRow } from '../database/database.types';

/** For the worker: the only place a bot's secrets are opened, to become its process's environment. */
@Injectable()
export class BotSecretEnvironment {
  constructor(private readonly box: SecretBox) {}

  /** name → decrypted value. Throws when a value cannot be opened (another MASTER_KEY). */
  open(sealed: Pick<BotSecretRow, 'name' | 'value_encrypted'>[]): Record<string, string> {
    const env: Record<string, string> = {};
    for (const { name, value_encrypted } of sealed) env[name] = this.box.decrypt(value_encrypted);
    return env;
  }
}
