import { Module } from '@nestjs/common';
import { SessionsModule } from '../sessions/sessions.module';
import { FirstAdmin } from './first-admin';
import { PasswordHasher } from './password-hasher';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';

@Module({
  imports: [SessionsModule],
  controllers: [UsersController],
  providers: [UsersService, UsersRepository, PasswordHasher, FirstAdmin],
  exports: [UsersRepository, PasswordHasher],
})
export class UsersModule {}
