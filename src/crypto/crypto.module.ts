import { Global, Module } from '@nestjs/common';
import { CONFIG } from '../config/config.module';
import { Config } from '../config/config.schema';
import { SecretBox } from './secret-box';

@Global()
@Module({
  providers: [
    { provide: SecretBox, inject: [CONFIG], useFactory: (c: Config) => new SecretBox(c.MASTER_KEY.key) },
  ],
  exports: [SecretBox],
})
export class CryptoModule {}
