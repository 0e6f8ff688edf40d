import { Module } from '@nestjs/common';
import { ExecutionStatusFeed } from './execution-status-feed';
import { LogStreamReader } from './log-stream-reader';

/**
 * What follows the live log as it is written: one blocking reader and one status subscriber per
 * process, however many clients. Only the API imports it; each opens its connection at start.
 */
@Module({
  providers: [LogStreamReader, ExecutionStatusFeed],
  exports: [LogStreamReader, ExecutionStatusFeed],
})
export class LiveLogFollowersModule {}
