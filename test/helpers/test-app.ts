import { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createApiApp } from '../../src/app.factory';
import { TestEnv, createTestEnv } from './test-env';

export interface TestApp {
  app: NestFastifyApplication;
  env: TestEnv;
  /** http://127.0.0.1:<port> of the listening app */
  url: string;
  close(): Promise<void>;
}

/** The real API application on a random port, against the test file's own database and prefix. */
export async function startTestApp(env?: TestEnv): Promise<TestApp> {
  const ownEnv = env ?? (await createTestEnv());
  const app = await createApiApp(ownEnv.config);
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    app,
    env: ownEnv,
    url: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      if (!env) await ownEnv.cleanup();
    },
  };
}
