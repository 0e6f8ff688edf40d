import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { isDependencyError } from '../common/dependency-errors';
import { ApiConfig } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { PasswordHasher } from './password-hasher';
import { UsersRepository } from './users.repository';

const RETRY_MS = 5_000;

/**
 * A fresh installation needs someone who can sign in: while no user exists, create an admin
 * from ADMIN_EMAIL / ADMIN_PASSWORD (or a generated password, printed once on stderr). The API
 * still starts when PostgreSQL is down (it answers 503 meanwhile) and tries again until it is back.
 */
@Injectable()
export class FirstAdmin implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(FirstAdmin.name);
  private retry?: NodeJS.Timeout;

  constructor(
    private readonly users: UsersRepository,
    private readonly passwords: PasswordHasher,
    @InjectConfig() private readonly config: ApiConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.attempt();
  }

  onApplicationShutdown(): void {
    clearTimeout(this.retry);
  }

  private async attempt(): Promise<void> {
    try {
      await this.ensure();
    } catch (err) {
      if (!isDependencyError(err)) throw err;
      this.logger.warn(`PostgreSQL is unreachable; the first admin will be created once it answers`);
      this.retry = setTimeout(
        () => void this.attempt().catch((e: unknown) => this.logger.error(e)),
        RETRY_MS,
      );
      this.retry.unref();
    }
  }

  private async ensure(): Promise<void> {
    if (await this.users.any()) return;
    const email = this.config.ADMIN_EMAIL;
    const password = this.config.ADMIN_PASSWORD ?? randomBytes(18).toString('base64url');
    const created = await this.users.createFirstAdmin(email, await this.passwords.hash(password));
    if (!created) return;
    if (this.config.ADMIN_PASSWORD) {
      this.logger.log(`Created the first admin ${email} from ADMIN_EMAIL / ADMIN_PASSWORD`);
      return;
    }
    this.logger.warn(
      `Created the first admin ${email} with a generated password, printed once on the API's ` +
        'stderr (not in the log): sign in and change it (or set ADMIN_PASSWORD before the first start)',
    );
    // Straight to the terminal, past the logger: its transports (files, Sentry, log shippers)
    // keep what they receive, and a password must not be among it.
    process.stderr.write(
      `\nFirst admin ${email}, generated password: ${password}\n` +
        'It is shown only this once: sign in and change it.\n\n',
    );
  }
}
