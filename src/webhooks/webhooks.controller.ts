import { Controller, Param, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { Public } from '../auth/access.decorators';
import { WebhookResponseDto } from './webhooks.dto';
import { WebhooksService } from './webhooks.service';

const EMPTY = Buffer.alloc(0);

@ApiTags('webhooks')
@Controller('hooks')
export class WebhooksController {
  constructor(private readonly service: WebhooksService) {}

  @Post(':token')
  // The signature is the credential: no token, no API key.
  @Public()
  @ApiOperation({
    summary: 'Receive a signed webhook (X-Agented-Signature: sha256=<hex HMAC of the raw body>)',
  })
  @ApiResponse({ status: 202, type: WebhookResponseDto, description: 'stored and queued' })
  @ApiResponse({ status: 200, type: WebhookResponseDto, description: 'a repeated X-Agented-Delivery' })
  async receive(
    @Param('token') token: string,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<WebhookResponseDto> {
    const { duplicate, deliveryId, executionIds } = await this.service.ingest(
      token,
      req.rawBody ?? EMPTY,
      req.headers,
    );
    void reply.status(duplicate ? 200 : 202);
    return { deliveryId, executionIds };
  }
}
