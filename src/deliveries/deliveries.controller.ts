import { Controller, Get, HttpCode, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { CurrentUser, Roles } from '../access/access.decorators';
import { Identity } from '../access/identity';
import { IdParamDto } from '../common/common.dto';
import { Page } from '../common/paging';
import {
  DeliveryDetail,
  DeliveryDetailDto,
  DeliveryPageDto,
  DeliverySummary,
  ListDeliveriesQueryDto,
  ReplayResponseDto,
} from './deliveries.dto';
import { DeliveriesService } from './deliveries.service';

@ApiTags('deliveries')
@Controller('api/deliveries')
export class DeliveriesController {
  constructor(private readonly service: DeliveriesService) {}

  @Get()
  @Roles('operator')
  @ApiOperation({ summary: 'Received webhook and GitHub deliveries, newest first, one page at a time' })
  @ApiResponse({ status: 200, type: DeliveryPageDto })
  list(@Query() query: ListDeliveriesQueryDto): Promise<Page<DeliverySummary>> {
    return this.service.list(query);
  }

  @Get(':id')
  @Roles('operator')
  @ApiOperation({ summary: 'One delivery with its headers (without secrets), payload and executions' })
  @ApiResponse({ status: 200, type: DeliveryDetailDto })
  get(@Param() { id }: IdParamDto): Promise<DeliveryDetail> {
    return this.service.get(id);
  }

  @Post(':id/replay')
  @Roles('operator')
  @HttpCode(HttpStatus.ACCEPTED)
  @ApiOperation({ summary: 'Run a delivery again through the triggers that match it now' })
  @ApiResponse({ status: 202, type: ReplayResponseDto })
  replay(@CurrentUser() actor: Identity, @Param() { id }: IdParamDto): Promise<{ executionIds: string[] }> {
    return this.service.replay(actor, id);
  }
}
