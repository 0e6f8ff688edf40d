import './instrument';
import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { Logger as PinoLogger } from 'nestjs-pino';
import { protectProcess } from './common/process-protection';
import { ConfigError, forgetApiSettings, loadConfig, workerIdOf } from './config/config';
import { WorkerModule } from './worker.module';

async function main(): Promise<void> {
  // Before anything else runs: bots that share the worker's user must not read it through /proc.
  const protectedProcess = protectProcess();
  const config = loadConfig();
  const ignored = forgetApiSettings();
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), { bufferLogs: true });
  app.useLogger(app.get(PinoLogger));
  app.enableShutdownHooks();
  await app.init();
  const logger = new Logger('Worker');
  if (!protectedProcess)
    logger.warn(`${process.platform}: bots of the worker's own user can read its memory`);
  if (ignored.length > 0) {
    logger.warn(`the worker does not use ${ignored.join(', ')}: leave them out of its environment`);
  }
  logger.log(`worker ${workerIdOf(config)} ready (concurrency ${config.WORKER_CONCURRENCY})`);
}

main().catch((err: unknown) => {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
});
