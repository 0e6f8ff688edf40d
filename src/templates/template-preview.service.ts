import { Injectable, NotFoundException } from '@nestjs/common';
import { BotsRepository } from '../bots/bots.repository';
import { InjectConfig } from '../config/config.module';
import { Config } from '../config/config.schema';
import { githubContext, githubEventKey } from '../github/github-event';
import { PreviewDto, PreviewResponse } from './template-preview.dto';
import { TemplateContext, renderArgv, renderTemplate, templateProblems } from './template-renderer';

/** Stands in for the id a real delivery would get. */
export const PREVIEW_DELIVERY_ID = '00000000-0000-4000-8000-000000000000';

@Injectable()
export class TemplatePreviewService {
  constructor(
    @InjectConfig() private readonly config: Config,
    private readonly bots: BotsRepository,
  ) {}

  /** Renders exactly as the worker will, against the context a run from `source` would get. */
  async preview(botId: string, dto: PreviewDto): Promise<PreviewResponse> {
    const bot = await this.bots.findById(botId);
    if (!bot) throw new NotFoundException(`Bot ${botId} not found`);
    const template = dto.template ?? bot.prompt_template;
    const command = dto.command ?? bot.command;
    const context = sampleContext(dto);
    const ctx: TemplateContext = { ...context, bot: { name: bot.name } };
    const options = { maxValueChars: this.config.TEMPLATE_VALUE_MAX_CHARS };
    const argv = command && renderArgv(command, ctx, options);
    return {
      prompt: renderTemplate(template, ctx, options),
      command: argv && argv.argv,
      context: ctx,
      problems: [
        ...templateProblems(template),
        ...templateProblems(...(command ?? [])),
        ...(argv?.problems ?? []),
      ],
    };
  }
}

/** The execution input a run from this source carries (as the webhook, GitHub, schedule and run paths build it). */
function sampleContext(dto: PreviewDto): Record<string, unknown> {
  const payload = dto.payload ?? {};
  switch (dto.source) {
    case 'webhook':
      return { payload, event: dto.event ?? null, deliveryId: PREVIEW_DELIVERY_ID };
    case 'github': {
      const event = dto.event ?? '';
      return {
        payload,
        event: githubEventKey(event, payload),
        deliveryId: PREVIEW_DELIVERY_ID,
        github: githubContext(event, payload),
      };
    }
    case 'schedule':
      return { event: 'schedule', scheduledAt: new Date().toISOString() };
    case 'manual':
      return { input: dto.input ?? {} };
  }
}
