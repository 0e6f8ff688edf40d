import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import {
  BotSecretNames,
  BotSecretNamesDto,
  BotSecretParamDto,
  PutBotSecretDto,
  SECRET_NAMES_ROLE,
} from './bot-secrets.dto';
import { BotSecretsService } from './bot-secrets.service';

@ApiTags('bots')
@Controller('api/bots/:id/secrets')
export class BotSecretsController {
  constructor(private readonly service: BotSecretsService) {}

  @Get()
  @Roles(SECRET_NAMES_ROLE)
  @ApiOperation({ summary: "List the names of a bot's secrets (values are never returned)" })
  @ApiResponse({ status: 200, type: BotSecretNamesDto })
  list(@Param() { id }: IdParamDto): Promise<BotSecretNames> {
    return this.service.names(id);
  }

  @Put(':name')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a secret; the bot process gets it as an environment variable' })
  put(
    @CurrentUser() actor: Identity,
    @Param() { id, name }: BotSecretParamDto,
    @Body() { value }: PutBotSecretDto,
  ): Promise<void> {
    return this.service.put(actor, id, name, value);
  }

  @Delete(':name')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a secret' })
  remove(@CurrentUser() actor: Identity, @Param() { id, name }: BotSecretParamDto): Promise<void> {
    return this.service.remove(actor, id, name);
  }
}
