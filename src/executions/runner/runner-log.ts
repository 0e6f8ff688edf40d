import { Logger } from '@nestjs/common';

/**
 * The runner's pieces (claim, run, finish, log destinations) log under one context, as the
 * single class they were split from did: operators filter a run's story by it.
 */
export const runnerLogger = (): Logger => new Logger('ExecutionRunner');

export const errorText = (err: unknown): string => (err instanceof Error ? err.message : String(err));
