import { Body, Controller, Get, HttpCode, Post, Req, Res } from '@nestjs/common';
import { ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { FastifyReply, FastifyRequest } from 'fastify';
import { LoginThrottle } from '../throttling/login-throttle.decorator';
import { CurrentUser, Public, Roles } from '../access/access.decorators';
import {
  LoginDto,
  MeResponse,
  MeResponseDto,
  RefreshDto,
  TokenPairResponse,
  TokenPairResponseDto,
} from './auth.dto';
import { AuthService } from './auth.service';
import { Identity } from '../access/identity';
import { clearedRefreshCookie, readRefreshCookie, refreshCookie } from './refresh-cookie';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly auth: AuthService) {}

  @Post('login')
  @Public()
  @LoginThrottle()
  @HttpCode(200)
  @ApiOperation({ summary: 'Sign in; the refresh token also comes as an httpOnly cookie' })
  @ApiResponse({ status: 200, type: TokenPairResponseDto })
  async login(
    @Body() dto: LoginDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    return withCookie(req, reply, await this.auth.login(dto, req.ip));
  }

  @Post('refresh')
  @Public()
  @HttpCode(200)
  @ApiOperation({ summary: 'Trade a refresh token (cookie or body) for a new pair; each works once' })
  @ApiResponse({ status: 200, type: TokenPairResponseDto })
  async refresh(
    @Body() dto: RefreshDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<TokenPairResponse> {
    const token = dto.refreshToken ?? readRefreshCookie(req.headers.cookie);
    return withCookie(req, reply, await this.auth.refresh(token));
  }

  @Post('logout')
  @Roles('viewer')
  @HttpCode(204)
  @ApiOperation({ summary: 'Sign out: the session ends and this access token stops working everywhere' })
  async logout(
    @CurrentUser() identity: Identity,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<void> {
    await this.auth.logout(identity);
    void reply.header('Set-Cookie', clearedRefreshCookie(req.protocol === 'https'));
  }

  @Get('me')
  @Roles('viewer')
  @ApiOperation({ summary: 'Who the credentials belong to' })
  @ApiResponse({ status: 200, type: MeResponseDto })
  me(@CurrentUser() identity: Identity): Promise<MeResponse> {
    return this.auth.me(identity);
  }
}

function withCookie(req: FastifyRequest, reply: FastifyReply, pair: TokenPairResponse): TokenPairResponse {
  void reply.header(
    'Set-Cookie',
    refreshCookie(pair.refreshToken, pair.refreshExpiresIn, req.protocol === 'https'),
  );
  return pair;
}
