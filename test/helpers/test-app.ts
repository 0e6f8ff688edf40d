import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { Kysely } from 'kysely';
import { createApiApp } from '../../src/app.factory';
import { Database } from '../../src/database/database.types';
import { TestEnv, useEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  env: TestEnv;
  /** http://127.0.0.1:<port> of the listening app */
  url: string;
  /** the app's own database handle */
  db: Kysely<Database>;
  close(): Promise<void>;
}

/**
 * The real API application on a random port: against `env` (whose owner cleans it up), or
 * against a fresh env with these settings, removed again by `close()`.
 */
export async function startTestApp(env: TestEnv | Record<string, string> = {}): Promise<TestApp> {
  const { env: ownEnv, owned } = await useEnv(env);
  const app = await createApiApp(ownEnv.config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    env: ownEnv,
    url: `http://127.0.0.1:${port}`,
    db: app.get<Kysely<Database>>(Kysely),
    async close() {
      await app.close();
      if (owned) await ownEnv.cleanup();
    },
  };
}
