import { Body, Controller, Delete, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import {
  CreateTerminalDto,
  CreatedTerminalResponse,
  CreatedTerminalResponseDto,
  TerminalIdParamDto,
  TerminalResponse,
  TerminalResponseDto,
} from './terminals.dto';
import { TerminalsService } from './terminals.service';

@ApiTags('terminals')
@Controller('api/terminals')
@Roles('admin')
export class TerminalsController {
  constructor(private readonly service: TerminalsService) {}

  @Post()
  @ApiOperation({
    summary: 'Open a shell on this API replica; attach with GET /api/terminals/:id/ws (WebSocket)',
  })
  @ApiResponse({ status: 201, type: CreatedTerminalResponseDto })
  create(@CurrentUser() actor: Identity, @Body() dto: CreateTerminalDto): Promise<CreatedTerminalResponse> {
    return this.service.create(actor, dto);
  }

  @Get()
  @ApiOperation({ summary: 'List the open terminal sessions of every replica' })
  @ApiResponse({ status: 200, type: [TerminalResponseDto] })
  list(): Promise<TerminalResponse[]> {
    return this.service.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @ApiOperation({ summary: 'End a terminal session: its shell is killed and its sockets close' })
  remove(@CurrentUser() actor: Identity, @Param() { id }: TerminalIdParamDto): Promise<void> {
    return this.service.remove(actor, id);
  }
}
