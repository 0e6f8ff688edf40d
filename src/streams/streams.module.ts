import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module';
import { ExecutionsModule } from '../executions/executions.module';
import { LiveLogFollowersModule } from '../live-log/live-log-followers.module';
import { LiveLogModule } from '../live-log/live-log.module';
import { SseConnections } from './sse-connections';
import { StreamsController } from './streams.controller';
import { StreamsService } from './streams.service';

/** Live streams (SSE): the live log's one reader and one subscriber per process, any number of clients. */
@Module({
  imports: [ExecutionsModule, LiveLogModule, LiveLogFollowersModule, AuthModule],
  controllers: [StreamsController],
  providers: [StreamsService, SseConnections],
})
export class StreamsModule {}
