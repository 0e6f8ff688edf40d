import { Body, Controller, Delete, Get, HttpCode, Param, Put } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../auth/access.decorators';
import { BotSecretNames, BotSecretNamesDto, BotSecretParamDto, PutBotSecretDto } from './bot-secrets.dto';
import { BotSecretsService } from './bot-secrets.service';
import { BotIdParamDto } from './bots.dto';

@ApiTags('bots')
@Controller('api/bots/:id/secrets')
export class BotSecretsController {
  constructor(private readonly service: BotSecretsService) {}

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: "List the names of a bot's secrets (values are never returned)" })
  @ApiResponse({ status: 200, type: BotSecretNamesDto })
  list(@Param() { id }: BotIdParamDto): Promise<BotSecretNames> {
    return this.service.names(id);
  }

  @Put(':name')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Set a secret; the bot process gets it as an environment variable' })
  put(@Param() { id, name }: BotSecretParamDto, @Body() { value }: PutBotSecretDto): Promise<void> {
    return this.service.put(id, name, value);
  }

  @Delete(':name')
  @Roles('operator')
  @HttpCode(204)
  @ApiOperation({ summary: 'Delete a secret' })
  remove(@Param() { id, name }: BotSecretParamDto): Promise<void> {
    return this.service.remove(id, name);
  }
}
