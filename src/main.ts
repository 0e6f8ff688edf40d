import './instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp } from './app.factory';
import { protectProcess } from './common/process-protection';
import { ConfigError, loadApiConfig } from './config/config';

async function main(): Promise<void> {
  // Terminal shells run as the API's user: they must not read its JWT_SECRET through /proc.
  protectProcess();
  const config = loadApiConfig();
  const app = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  new Logger('Main').log(`API listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((err: unknown) => {
  // One clear line for a bad setting; a stack for anything else.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
