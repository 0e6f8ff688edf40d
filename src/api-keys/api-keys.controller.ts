import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import {
  ApiKeyResponse,
  ApiKeyResponseDto,
  CreateApiKeyDto,
  CreatedApiKeyResponse,
  CreatedApiKeyResponseDto,
} from './api-keys.dto';
import { ApiKeysService } from './api-keys.service';

@ApiTags('api-keys')
@Controller('api/api-keys')
@Roles('admin')
export class ApiKeysController {
  constructor(private readonly service: ApiKeysService) {}

  @Post()
  @ApiOperation({ summary: 'Create an API key for CI or scripts; the key is shown only in this response' })
  @ApiResponse({ status: 201, type: CreatedApiKeyResponseDto })
  create(@CurrentUser() actor: Identity, @Body() dto: CreateApiKeyDto): Promise<CreatedApiKeyResponse> {
    return this.service.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List the API keys that are not revoked' })
  @ApiResponse({ status: 200, type: [ApiKeyResponseDto] })
  list(): Promise<ApiKeyResponse[]> {
    return this.service.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke an API key; it stops working at once' })
  revoke(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto): Promise<void> {
    return this.service.revoke(actor, id);
  }
}
