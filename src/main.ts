import './instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApiApp } from './app.factory';
import { ConfigError, loadConfig } from './config/config';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApiApp(config);
  await app.listen({ port: config.PORT, host: config.HOST });
  new Logger('Main').log(`API listening on http://${config.HOST}:${config.PORT}`);
}

main().catch((err: unknown) => {
  // One clear line for a bad setting; a stack for anything else.
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
