import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { RunBotDto, RunBotResponseDto } from '../bots/bots.dto';
import { IdParamDto } from '../common/common.dto';
import { ExecutionsService } from './executions.service';

/** `POST /api/bots/:id/run`: a bot's route, an execution's making; the bots domain stays below executions. */
@ApiTags('bots')
@Controller('api/bots')
export class BotRunsController {
  constructor(private readonly service: ExecutionsService) {}

  @Post(':id/run')
  @Roles('operator')
  @HttpCode(202)
  @ApiOperation({ summary: 'Queue a manual run (409 when the bot is disabled)' })
  @ApiResponse({ status: 202, type: RunBotResponseDto })
  run(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
    @Body() dto: RunBotDto,
  ): Promise<{ executionId: string }> {
    return this.service.runBot(actor, id, dto);
  }
}
