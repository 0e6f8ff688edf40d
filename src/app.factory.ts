import { NestFactory } from '@nestjs/core';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { cleanupOpenApiDoc } from 'nestjs-zod';
import { AppModule } from './app.module';
import { registerBodyParsers } from './common/body-parsers';
import { Config } from './config/config.schema';

/** Builds the API application; main.ts and the tests share it so tests run what production runs. */
export async function createApiApp(config: Config): Promise<NestFastifyApplication> {
  const adapter = new FastifyAdapter({
    bodyLimit: config.WEBHOOK_MAX_BYTES,
    trustProxy: false,
    // SSE and WebSocket connections are long-lived; Fastify must not cut them.
    requestTimeout: 0,
  });
  const app = await NestFactory.create<NestFastifyApplication>(AppModule.forRoot(config), adapter, {
    bodyParser: false,
    logger: config.NODE_ENV === 'test' ? ['error', 'warn'] : undefined,
  });
  registerBodyParsers(app.getHttpAdapter().getInstance(), config.WEBHOOK_MAX_BYTES);
  app.enableShutdownHooks();

  const openApi = new DocumentBuilder()
    .setTitle('Agented API')
    .setDescription('Bots, triggers, webhooks, executions and live streams')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('docs', app, cleanupOpenApiDoc(SwaggerModule.createDocument(app, openApi)), {
    jsonDocumentUrl: 'docs/json',
  });
  return app;
}
