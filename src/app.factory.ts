import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { Logger } from 'nestjs-pino';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/body-parsers';
import { registerSecurityHeaders } from './common/security-headers';
import { ApiConfig } from './config/config.schema';
import { requestIdOf } from './logging/request-id';

/** Builds the API application; main.ts and the tests share it so tests run what production runs. */
export async function createApiApp(config: ApiConfig): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.WEBHOOK_MAX_BYTES,
    // X-Forwarded-For/-Proto count only from these peers; otherwise clients could pick their IP.
    trustProxy: config.TRUSTED_PROXIES.length > 0 ? config.TRUSTED_PROXIES : false,
    // SSE and WebSocket connections are long-lived; Fastify must not cut them.
    requestTimeout: 0,
    genReqId: requestIdOf,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    // Boot messages wait for the structured logger instead of going to Nest's console logger.
    bufferLogs: true,
  });
  app.useLogger(app.get(Logger));
  registerSecurityHeaders(app, config);
  registerBodyParsers(app.getHttpAdapter().getInstance(), config.WEBHOOK_MAX_BYTES);
  app.enableShutdownHooks();

  // Built on the first request to /docs (then kept): generating it took a fifth of start-up (B5).
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), { jsonDocumentUrl: 'docs/json' });
  return app;
}

/** The API's OpenAPI document; the web client's types are generated from it (`npm run gen:api`). */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const openApi = new DocumentBuilder()
    .setTitle('Agented API')
    .setDescription('Bots, triggers, webhooks, executions and live streams')
    .addBearerAuth()
    .build();
  return cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi));
}
