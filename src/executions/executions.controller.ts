import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import {
  ExecutionLogsQueryDto,
  ExecutionPageDto,
  ExecutionResponseDto,
  ListExecutionsQueryDto,
  LogPageDto,
  RetryResponseDto,
} from './executions.dto';
import { ExecutionsService } from './executions.service';

@ApiTags('executions')
@Controller('api/executions')
export class ExecutionsController {
  constructor(private readonly executions: ExecutionsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'Executions, newest first, one page at a time' })
  @ApiOkResponse({ type: ExecutionPageDto.Output })
  list(@Query() query: ListExecutionsQueryDto) {
    return this.executions.list(query);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'One execution' })
  @ApiOkResponse({ type: ExecutionResponseDto.Output })
  get(@Param() { id }: IdParamDto) {
    return this.executions.get(id);
  }

  @Get(':id/logs')
  @Roles('viewer')
  @ApiOperation({ summary: 'Stored log lines after a seq (and, while running, the live ones)' })
  @ApiOkResponse({ type: LogPageDto.Output })
  logs(@Param() { id }: IdParamDto, @Query() query: ExecutionLogsQueryDto) {
    return this.executions.logs(id, query);
  }

  @Post(':id/cancel')
  @Roles('operator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Cancel: a queued execution never starts, a running one is stopped' })
  @ApiAcceptedResponse({ type: ExecutionResponseDto.Output })
  cancel(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto) {
    return this.executions.cancel(actor, id);
  }

  @Post(':id/retry')
  @Roles('operator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run a finished execution again, with the same input' })
  @ApiAcceptedResponse({ type: RetryResponseDto.Output })
  retry(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto) {
    return this.executions.retry(actor, id);
  }
}
