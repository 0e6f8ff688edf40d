import path from 'node:path';
import { NestFactory } from '@nestjs/core';
import { FastifyAdapter } from '@nestjs/platform-fastify';
import openapiTS, { astToString } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';
import { describe, expect, it } from 'vitest';
import { buildOpenApiDocument } from '../../src/app.factory';
import { AppModule } from '../../src/app.module';
import { parseApiConfig } from '../../src/config/config';

const SCHEMA_FILE = path.resolve(__dirname, '../../web/src/api/schema.d.ts');

/**
 * Fixed settings, so the document is the same on every machine. Nothing connects: in preview mode
 * Nest reads the modules' metadata without building a provider.
 */
const config = parseApiConfig({
  NODE_ENV: 'test',
  DATABASE_URL: 'postgres://agented@127.0.0.1:5432/agented',
  REDIS_URL: 'redis://127.0.0.1:6379',
  REDIS_ALLOW_NO_PASSWORD: 'true',
  MASTER_KEY: Buffer.alloc(32, 1).toString('base64'),
  JWT_SECRET: Buffer.alloc(48, 2).toString('base64'),
  LOG_LEVEL: 'silent',
});

async function generatedSchema(): Promise<string> {
  const app = await NestFactory.create(AppModule.forRoot(config), new FastifyAdapter(), {
    preview: true,
    logger: false,
  });
  try {
    // openapi-typescript declares its own OpenAPI types; the JSON is the same document.
    const document = JSON.parse(JSON.stringify(buildOpenApiDocument(app))) as Parameters<typeof openapiTS>[0];
    const header = '// Generated from the API’s OpenAPI document by `npm run gen:api`; do not edit.\n\n';
    const text = header + astToString(await openapiTS(document, { defaultNonNullable: false }));
    return format(text, { ...(await resolveConfig(SCHEMA_FILE)), filepath: SCHEMA_FILE });
  } finally {
    await app.close();
  }
}

// The web client's types come from this file: a server change the console does not follow fails
// here (and then its typecheck, once regenerated) instead of in a browser.
describe('the web client’s API schema', () => {
  it('should be what the server’s OpenAPI document generates now (npm run gen:api)', async () => {
    await expect(await generatedSchema()).toMatchFileSnapshot(SCHEMA_FILE);
  });
});
