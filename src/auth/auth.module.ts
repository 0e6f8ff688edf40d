import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { ApiKeysModule } from '../api-keys/api-keys.module';
import { ApiConfig } from '../config/config.schema';
import { CONFIG } from '../config/config.module';
import { SessionsModule } from '../sessions/sessions.module';
import { ThrottlingModule } from '../throttling/throttling.module';
import { UsersModule } from '../users/users.module';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { AuthenticationService } from './authentication.service';
import { JWT_ALGORITHM, JWT_ISSUER } from './jwt.constants';
import { JwtStrategy } from './jwt.strategy';
import { LiveCredentials } from './live-credentials';

@Module({
  imports: [
    UsersModule,
    SessionsModule,
    ApiKeysModule,
    // The sign-in route's failure counting (LoginThrottle's interceptor).
    ThrottlingModule,
    JwtModule.registerAsync({
      inject: [CONFIG],
      useFactory: (config: ApiConfig) => ({
        secret: config.JWT_SECRET,
        signOptions: {
          algorithm: JWT_ALGORITHM,
          issuer: JWT_ISSUER,
          expiresIn: config.ACCESS_TOKEN_TTL_SECONDS,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: JWT_ISSUER },
      }),
    }),
  ],
  controllers: [AuthController],
  providers: [AuthService, AuthenticationService, JwtStrategy, LiveCredentials],
  exports: [AuthenticationService, LiveCredentials],
})
export class AuthModule {}
