import { Injectable } from '@nestjs/common';
import { HealthRepository } from './health.repository';

export type CheckState = 'up' | 'down';

/** A check that has not answered within this long counts as down: readiness must answer fast. */
const CHECK_TIMEOUT_MS = 2_000;

const stateOf = (check: Promise<void>): Promise<CheckState> =>
  Promise.race([
    check.then(() => 'up' as const),
    new Promise<'down'>((resolve) => setTimeout(() => resolve('down'), CHECK_TIMEOUT_MS).unref()),
  ]).catch(() => 'down' as const);

@Injectable()
export class HealthService {
  constructor(private readonly checks: HealthRepository) {}

  async readiness(): Promise<{ postgres: CheckState; redis: CheckState }> {
    const [postgres, redis] = await Promise.all([
      stateOf(this.checks.pingPostgres()),
      stateOf(this.checks.pingRedis()),
    ]);
    return { postgres, redis };
  }
}
