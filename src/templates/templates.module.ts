import { Module } from '@nestjs/common';
import { BotsModule } from '../bots/bots.module';
import { TemplatePreviewController } from './template-preview.controller';
import { TemplatePreviewService } from './template-preview.service';

/** Prompt templates on the API side: the preview. Rendering itself is plain functions. */
@Module({
  imports: [BotsModule],
  controllers: [TemplatePreviewController],
  providers: [TemplatePreviewService],
})
export class TemplatesModule {}
