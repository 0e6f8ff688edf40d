import { DynamicModule, Global, Inject, Module } from '@nestjs/common';
import { Config } from './config.schema';

export const CONFIG = Symbol('CONFIG');
export const InjectConfig = () => Inject(CONFIG);

@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: CONFIG, useValue: config }], exports: [CONFIG] };
  }
}
