import { Injectable } from '@nestjs/common';
import { isDependencyError } from '../common/dependency-errors';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { FailureCountersRepository } from './failure-counters.repository';
import { FailureKind, FailurePolicy, failurePolicies } from './throttle-policies';
import { TooManyRequestsException, retryAfterSeconds } from './too-many-requests';

/** A failure to count, or to check for: its kind and whom it is counted for (`ip:…`, `email:…`). */
export interface Failure {
  kind: FailureKind;
  tracker: string;
}

/** The failure limits of `failurePolicies`: checked before the work, counted after it failed. */
@Injectable()
export class FailureLimits {
  private readonly policies: Record<FailureKind, FailurePolicy>;

  constructor(
    @InjectConfig() config: Config,
    private readonly counters: FailureCountersRepository,
  ) {
    this.policies = failurePolicies(config);
  }

  /** 429 (with Retry-After) when any of them already had its limit of failures in this window. */
  async check(...failures: Failure[]): Promise<void> {
    let windows;
    try {
      windows = await Promise.all(
        failures.map((f) => this.counters.read(f.kind, f.tracker, this.policies[f.kind].limit)),
      );
    } catch (err) {
      if (isDependencyError(err) && failures.every((f) => this.policies[f.kind].whileRedisDown === 'allow'))
        return;
      throw err;
    }
    let refused: { policy: FailurePolicy; msLeft: number } | undefined;
    windows.forEach(({ failures: count, msLeft }, i) => {
      const policy = this.policies[failures[i].kind];
      if (count >= policy.limit && msLeft >= (refused?.msLeft ?? 0)) refused = { policy, msLeft };
    });
    if (refused) throw new TooManyRequestsException(refused.policy.what, retryAfterSeconds(refused.msLeft));
  }

  /** Counts them. While Redis is away they go uncounted: the answer (401, 404) stands all the same. */
  async record(...failures: Failure[]): Promise<void> {
    await Promise.all(
      failures.map((f) => this.counters.add(f.kind, f.tracker, this.policies[f.kind].windowMs)),
    ).catch((err: unknown) => {
      if (!isDependencyError(err)) throw err;
    });
  }
}
