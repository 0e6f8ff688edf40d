import { Injectable } from '@nestjs/common';
import * as argon2 from 'argon2';
import { randomBytes } from 'node:crypto';

@Injectable()
export class PasswordHasher {
  private dummyHash?: Promise<string>;

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  /**
   * False for a wrong password and for a missing user alike; the missing user costs one argon2
   * verification too, so response times do not reveal which emails have an account.
   */
  async verify(hash: string | undefined, password: string): Promise<boolean> {
    this.dummyHash ??= this.hash(randomBytes(16).toString('hex'));
    const target = hash ?? (await this.dummyHash);
    const matches = await argon2.verify(target, password).catch(() => false);
    return matches && hash !== undefined;
  }
}
