import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import { OpenAPIObject } from '@nestjs/swagger';
import { buildOpenApiDocument } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { parseApiConfig } from '../../src/config/config';

/** Fixed settings, so the document is the same on every machine. */
const config = parseApiConfig({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://agented@127.0.0.1:5432/agented',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_ALLOW_NO_PASSWORD: 'true',
  MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  JWT_SECRET: Buffer.alloc(48, 2).toString('base64'),
  LOG_LEVEL: 'silent',
});

/**
 * The API's OpenAPI document without PostgreSQL or Redis: in preview mode Nest reads the modules'
 * metadata and builds no provider, so nothing connects (about half a second).
 */
export async function previewOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}
