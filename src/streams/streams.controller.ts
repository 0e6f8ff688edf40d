import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { ApiHeader, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { FastifyReply } from 'fastify';
import { AllowQueryToken, CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import { ExecutionStreamQueryDto } from './streams.dto';
import { StreamsService } from './streams.service';

@ApiTags('streams')
@Controller('api')
export class StreamsController {
  constructor(private readonly streams: StreamsService) {}

  @Get('executions/:id/stream')
  @Roles('viewer')
  @AllowQueryToken()
  @ApiOperation({ summary: 'Live log of an execution (SSE): log, status and end events' })
  @ApiProduces('text/event-stream')
  @ApiHeader({ name: 'Last-Event-ID', required: false, description: 'resume after this log seq' })
  execution(
    @CurrentUser() identity: Identity,
    @Param() { id }: IdParamDto,
    @Query() { lastEventId }: ExecutionStreamQueryDto,
    @Headers('last-event-id') header: string | undefined,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    return this.streams.streamExecution(identity, id, { header, query: lastEventId }, reply);
  }

  @Get('events')
  @Roles('viewer')
  @AllowQueryToken()
  @ApiOperation({ summary: 'Status changes of every execution (SSE): execution events' })
  @ApiProduces('text/event-stream')
  events(@CurrentUser() identity: Identity, @Res() reply: FastifyReply): void {
    this.streams.streamStatuses(identity, reply);
  }
}
