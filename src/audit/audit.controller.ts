import { Controller, Get, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators';
import { AuditEventsResponse, AuditEventsResponseDto, AuditQueryDto } from './audit.dto';
import { AuditService } from './audit.service';

@ApiTags('audit')
@Controller('api/audit')
export class AuditController {
  constructor(private readonly service: AuditService) {}

  @Get()
  @Roles('admin')
  @ApiOperation({ summary: 'Audit events, newest first, filtered by actor and action' })
  @ApiResponse({ status: 200, type: AuditEventsResponseDto })
  list(@Query() query: AuditQueryDto): Promise<AuditEventsResponse> {
    return this.service.list(query);
  }
}
