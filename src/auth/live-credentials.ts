import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { isDependencyError } from '../common/dependency-errors';
import { Config } from '../config/config.schema';
import { InjectConfig } from '../config/config.module';
import { AuthenticationService } from './authentication.service';
import { Identity } from '../access/identity';
import { Role, roleAtLeast } from '../access/roles';

/** Why a connection's credential no longer admits it; `status` as HTTP would have answered. */
export interface CredentialLoss {
  status: 401 | 403;
  message: string;
}

type LossListener = (loss: CredentialLoss) => void;

interface Watcher {
  minRole: Role;
  onLost: LossListener;
}

/** The connections opened with one credential (an access token, or an API key). */
interface Watched {
  identity: Identity;
  watchers: Set<Watcher>;
}

export const CREDENTIAL_REVOKED =
  'Your credentials stopped working (signed out, revoked, or the account was deleted); sign in again';

/**
 * Long-lived connections (SSE streams, terminal sockets) are admitted once; this re-checks their
 * credentials every CREDENTIAL_RECHECK_SECONDS, once per credential however many connections
 * share it, and tells the ones whose credential was revoked or whose role fell below what they
 * need. Nothing per message: the check runs beside the traffic. Token expiry is not a reason
 * (the stream would only reconnect); a revocation, a demotion or a deletion is.
 */
@Injectable()
export class LiveCredentials implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(LiveCredentials.name);
  private readonly watched = new Map<string, Watched>();
  private timer?: NodeJS.Timeout;
  private checking = false;

  constructor(
    private readonly authentication: AuthenticationService,
    @InjectConfig() private readonly config: Config,
  ) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.checkAll(), this.config.CREDENTIAL_RECHECK_SECONDS * 1000);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Calls `onLost` once when `identity` stops admitting a connection that needs `minRole`. */
  watch(identity: Identity, minRole: Role, onLost: LossListener): () => void {
    const key = credentialKey(identity);
    let entry = this.watched.get(key);
    if (!entry) this.watched.set(key, (entry = { identity, watchers: new Set() }));
    const watcher: Watcher = { minRole, onLost };
    const watchers = entry.watchers;
    watchers.add(watcher);
    return () => {
      watchers.delete(watcher);
      if (watchers.size === 0 && this.watched.get(key)?.watchers === watchers) this.watched.delete(key);
    };
  }

  /** One pass over every watched credential; exposed for tests that cannot wait a whole period. */
  async checkAll(): Promise<void> {
    if (this.checking) return;
    this.checking = true;
    try {
      await Promise.all([...this.watched].map(([key, entry]) => this.check(key, entry)));
    } finally {
      this.checking = false;
    }
  }

  private async check(key: string, entry: Watched): Promise<void> {
    let current: Identity | undefined;
    try {
      current = await this.authentication.current(entry.identity);
    } catch (err) {
      // PostgreSQL or Redis away: connections that need them fail by themselves; check again next time.
      if (!isDependencyError(err)) this.logger.error(err);
      return;
    }
    if (!current) {
      this.watched.delete(key);
      for (const watcher of entry.watchers) watcher.onLost({ status: 401, message: CREDENTIAL_REVOKED });
      return;
    }
    entry.identity = current;
    for (const watcher of [...entry.watchers]) {
      if (roleAtLeast(current.role, watcher.minRole)) continue;
      entry.watchers.delete(watcher);
      watcher.onLost({
        status: 403,
        message: `This needs the ${watcher.minRole} role or higher; you have ${current.role} now`,
      });
    }
    if (entry.watchers.size === 0) this.watched.delete(key);
  }
}

function credentialKey(identity: Identity): string {
  return identity.kind === 'api-key' ? `api-key:${identity.apiKeyId}` : `token:${identity.token.id}`;
}
