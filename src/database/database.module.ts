import { Global, Module, OnApplicationShutdown } from '@nestjs/common';
import { Kysely } from 'kysely';
import { Config } from '../config/config.schema';
import { CONFIG } from '../config/config.module';
import { createDatabase } from './database';
import { Database } from './database.types';

@Global()
@Module({
  providers: [
    {
      provide: Kysely,
      inject: [CONFIG],
      useFactory: (config: Config) => createDatabase(config.DATABASE_URL, config.DATABASE_POOL_MAX),
    },
  ],
  exports: [Kysely],
})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(private readonly db: Kysely<Database>) {}

  async onApplicationShutdown(): Promise<void> {
    await this.db.destroy();
  }
}
