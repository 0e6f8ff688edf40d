import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ExecutionsModule } from '../executions/executions.module';
import { ExecutionStatusFeed } from './execution-status-feed';
import { LogStreamReader } from './log-stream-reader';
import { SseConnections } from './sse-connections';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';

/** Live streams (SSE): one blocking reader and one subscriber per process, any number of clients. */
@Module({
  imports: [ExecutionsModule, AuthModule],
  controllers: [StreamsController],
  providers: [StreamsService, LogStreamReader, ExecutionStatusFeed, SseConnections],
})
export class StreamsModule {}
