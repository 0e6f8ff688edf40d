import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../access/access.decorators';
import { HOOKS_ROUTE } from '../common/hook-routes';
import { WebhookResponseDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const EMPTY = Buffer.alloc(0);

@ApiTags('webhooks')
@Controller(HOOKS_ROUTE)
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Post(':token')
  // The signature is the credential: no token, no API key.
  @Public()
  @ApiOperation({
    summary: 'Receive a signed webhook',
    description:
      'Standard Webhooks: `webhook-id`, `webhook-timestamp` (seconds) and `webhook-signature: v1,<base64 HMAC-SHA256 of "<id>.<timestamp>.<body>">`, ' +
      "keyed with the trigger's secret; or, while WEBHOOK_LEGACY_SIGNATURES allows it, `X-Agented-Signature: sha256=<hex HMAC-SHA256 of the body>`.",
  })
  @ApiResponse({ status: 202, type: WebhookResponseDto, description: 'stored and queued' })
  @ApiResponse({
    status: 200,
    type: WebhookResponseDto,
    description: 'a repeated webhook-id (or X-Agented-Delivery)',
  })
  async receive(
    @Param('token') token: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponseDto> {
    const { duplicate, deliveryId, executionIds } = await this.service.ingest(
      token,
      req.rawBody ?? EMPTY,
      req.headers,
      req.ip,
    );
    void reply.status(duplicate ? 200 : 202);
    return { deliveryId, executionIds };
  }
}
