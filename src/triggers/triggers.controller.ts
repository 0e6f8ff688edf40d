import { Body, Controller, Delete, Get, HttpCode, Param, Patch, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import {
  CreateTriggerDto,
  CreatedTriggerResponse,
  CreatedTriggerResponseDto,
  TriggerResponse,
  TriggerResponseDto,
  TriggerWithSecretResponse,
  TriggerWithSecretResponseDto,
  UpdateTriggerDto,
} from './triggers.dto';
import { TriggersService } from './triggers.service';

@ApiTags('triggers')
@Controller('api')
export class TriggersController {
  constructor(private readonly service: TriggersService) {}

  @Get('bots/:id/triggers')
  @Roles('viewer')
  @ApiOperation({ summary: "List a bot's triggers (a webhook's URL for operators and admins only)" })
  @ApiResponse({ status: 200, type: [TriggerResponseDto] })
  list(@CurrentUser() reader: Identity, @Param() { id }: IdParamDto): Promise<TriggerResponse[]> {
    return this.service.listForBot(reader, id);
  }

  @Post('bots/:id/triggers')
  @Roles('operator')
  @ApiOperation({
    summary: 'Add a webhook, github or schedule trigger; a webhook gets its URL and secret (shown only now)',
  })
  @ApiResponse({ status: 201, type: CreatedTriggerResponseDto })
  create(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
    @Body() dto: CreateTriggerDto,
  ): Promise<CreatedTriggerResponse> {
    return this.service.create(actor, id, dto);
  }

  @Patch('triggers/:id')
  @Roles('operator')
  @ApiOperation({ summary: "Enable, disable or change a trigger's settings; a schedule follows at once" })
  @ApiResponse({ status: 200, type: TriggerResponseDto })
  update(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
    @Body() dto: UpdateTriggerDto,
  ): Promise<TriggerResponse> {
    return this.service.update(actor, id, dto);
  }

  @Delete('triggers/:id')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a trigger; its URL or schedule stops working' })
  remove(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.remove(actor, id);
  }

  @Post('triggers/:id/rotate-secret')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the webhook secret (shown only now); the old one stops working' })
  @ApiResponse({ status: 200, type: TriggerWithSecretResponseDto })
  rotateSecret(
    @CurrentUser() actor: Identity,
    @Param() { id }: IdParamDto,
  ): Promise<TriggerWithSecretResponse> {
    return this.service.rotateSecret(actor, id);
  }
}
