import { DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { Config } from '../config/config.schema';
import { createLogger, httpLoggerOptions } from './logger';
import { RequestIdHeader } from './request-id';

/**
 * Structured logs for both processes. Use Nest's `Logger` as usual; an object as the first argument
 * becomes fields of the line (`logger.log({ executionId, msg: 'started' })`).
 */
@Module({})
export class LoggingModule {
  /** Every line written while handling a request carries its `requestId` (see `requestIdOf`). */
  static forApi(config: Config): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: httpLoggerOptions(createLogger(config)) })],
      providers: [RequestIdHeader],
    };
  }

  /** Every line carries the `workerId`. */
  static forWorker(config: Config, workerId: string): DynamicModule {
    return {
      module: LoggingModule,
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: createLogger(config, { workerId }) } })],
    };
  }
}
