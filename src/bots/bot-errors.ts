import { ConflictException, NotFoundException } from '@nestjs/common';

/** One answer for a bot that is not there, from the bots' routes and from a manual run alike. */
export const botNotFound = (id: string): NotFoundException => new NotFoundException(`Bot ${id} not found`);

/**
 * A disabled bot starts nothing new, whichever way it is asked (a manual run, a retry): one
 * answer for all of them, so a caller learns what to do, whatever the route.
 */
export const disabledBotConflict = (name: string): ConflictException =>
  new ConflictException(`Bot "${name}" is disabled; enable it to run it`);
