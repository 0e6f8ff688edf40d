import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { Roles } from '../access/access.decorators';
import { IdParamDto } from '../common/common.dto';
import { PreviewDto, PreviewResponse, PreviewResponseDto } from './template-preview.dto';
import { TemplatePreviewService } from './template-preview.service';

@ApiTags('bots')
@Controller('api/bots')
export class TemplatePreviewController {
  constructor(private readonly service: TemplatePreviewService) {}

  @Post(':id/preview')
  @Roles('operator')
  @HttpCode(200)
  @ApiOperation({
    summary: "Render the bot's prompt template (or a draft) and command against a sample payload",
  })
  @ApiResponse({ status: 200, type: PreviewResponseDto })
  preview(@Param() { id }: IdParamDto, @Body() dto: PreviewDto): Promise<PreviewResponse> {
    return this.service.preview(id, dto);
  }
}
