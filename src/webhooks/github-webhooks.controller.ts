import { Controller, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access.decorators';
import { GITHUB_HOOK_NAME, HOOKS_ROUTE } from '../common/hook-routes';
import { WebhookResponseDto } from './webhooks.dto';
import { GithubWebhooksService } from './github-webhooks.service';

const EMPTY = Buffer.alloc(0);

@ApiTags('webhooks')
@Controller(HOOKS_ROUTE)
export class GithubWebhooksController {
  constructor(private readonly service: GithubWebhooksService) {}

  // A static path: it wins over /hooks/:token whatever the registration order.
  @Post(GITHUB_HOOK_NAME)
  // X-Hub-Signature-256 is the credential.
  @Public()
  @ApiOperation({ summary: 'Receive a GitHub webhook (X-Hub-Signature-256 with GITHUB_WEBHOOK_SECRET)' })
  @ApiResponse({
    status: 202,
    type: WebhookResponseDto,
    description: 'stored; one execution per matching trigger',
  })
  @ApiResponse({
    status: 200,
    type: WebhookResponseDto,
    description: 'a repeated X-GitHub-Delivery; the ping event answers {"ok": true}',
  })
  @ApiResponse({ status: 404, description: 'GITHUB_WEBHOOK_SECRET is not set' })
  async receive(
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponseDto | { ok: true }> {
    const result = await this.service.ingest(req.rawBody ?? EMPTY, req.headers, req.ip);
    if (result.ping) {
      void reply.status(200);
      return { ok: true };
    }
    void reply.status(result.duplicate ? 200 : 202);
    return { deliveryId: result.deliveryId, executionIds: result.executionIds };
  }
}
