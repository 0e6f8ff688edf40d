import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import { BotResponse, BotResponseDto, CreateBotDto, UpdateBotDto } from './bots.dto';
import { BotsService } from './bots.service';

@ApiTags('bots')
@Controller('api/bots')
export class BotsController {
  constructor(private readonly service: BotsService) {}

  @Get()
  @Roles('viewer')
  @ApiOperation({ summary: 'List bots, by name (secretNames for operators and admins only)' })
  @ApiResponse({ status: 200, type: [BotResponseDto] })
  list(@CurrentUser() reader: Identity): Promise<BotResponse[]> {
    return this.service.list(reader);
  }

  @Post()
  @Roles('operator')
  @ApiOperation({ summary: 'Create a bot (409 when the name is taken)' })
  @ApiResponse({ status: 201, type: BotResponseDto })
  create(@CurrentUser() actor: Identity, @Body() dto: CreateBotDto): Promise<BotResponse> {
    return this.service.create(actor, dto);
  }

  @Get(':id')
  @Roles('viewer')
  @ApiOperation({ summary: 'Get a bot (secretNames for operators and admins only)' })
  @ApiResponse({ status: 200, type: BotResponseDto })
  get(@CurrentUser() reader: Identity, @Param() { id }: IdParamDto): Promise<BotResponse> {
    return this.service.get(reader, id);
  }

  @Patch(':id')
  @Roles('operator')
  @ApiOperation({ summary: 'Change some fields of a bot' })
  @ApiResponse({ status: 200, type: BotResponseDto })
  update(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateBotDto,
  ): Promise<BotResponse> {
    return this.service.update(actor, id, dto);
  }

  @Delete(':id')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a bot with its triggers and executions' })
  remove(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.remove(actor, id);
  }
}
