import { ConflictException } from '@nestjs/common';

/**
 * A disabled bot starts nothing new, whichever way it is asked (a manual run, a retry): one
 * answer for all of them, so a caller learns what to do, whatever the route.
 */
export const disabledBotConflict = (name: string): ConflictException =>
  new ConflictException(`Bot "${name}" is disabled; enable it to run it`);
