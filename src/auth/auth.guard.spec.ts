import { Controller, ExecutionContext, ForbiddenException, Get, UnauthorizedException } from '@nestjs/common';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { describe, expect, it, vi } from 'vitest';
import { AllowQueryToken, Public, Roles } from '../access/access.decorators';
import { AuthGuard } from './auth.guard';
import { AuthenticationService } from './authentication.service';
import { MISSING_CREDENTIALS } from '../access/credentials';
import { Identity } from '../access/identity';

@Controller('sample')
class SampleController {
  @Get('open')
  @Public()
  open() {}

  @Get('read')
  @Roles('viewer')
  read() {}

  @Get('admin')
  @Roles('admin')
  admin() {}

  @Get('stream')
  @Roles('viewer')
  @AllowQueryToken()
  stream() {}

  @Get('undecided')
  undecided() {}
}

@Controller('operators')
@Roles('operator')
class ClassLevelController {
  @Get()
  list() {}
}

const viewer: Identity = { kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role: 'viewer' };

function setup(controllers: object[] = []) {
  const authentication = { authenticate: vi.fn().mockResolvedValue(viewer) };
  const discovery = {
    getControllers: () => controllers.map((instance) => ({ instance, metatype: instance.constructor })),
  } as unknown as DiscoveryService;
  const sut = new AuthGuard(
    new Reflector(),
    discovery,
    new MetadataScanner(),
    authentication as unknown as AuthenticationService,
  );
  const reply = { header: vi.fn() };
  const contextFor = (handler: keyof SampleController, req: { headers?: object; query?: object } = {}) => {
    const request = { headers: {}, query: {}, ...req } as Record<string, unknown>;
    const context = {
      getHandler: () => SampleController.prototype[handler],
      getClass: () => SampleController,
      switchToHttp: () => ({ getRequest: () => request, getResponse: () => reply }),
    } as unknown as ExecutionContext;
    return { context, request };
  };
  return { sut, mocks: { authentication, reply }, contextFor };
}

describe(AuthGuard.name, () => {
  it('should let a public route through without looking at credentials', async () => {
    const { sut, mocks, contextFor } = setup();
    await expect(sut.canActivate(contextFor('open').context)).resolves.toBe(true);
    expect(mocks.authentication.authenticate).not.toHaveBeenCalled();
  });

  it('should answer 401 with WWW-Authenticate when no credential is sent', async () => {
    const { sut, mocks, contextFor } = setup();
    await expect(sut.canActivate(contextFor('read').context)).rejects.toThrow(
      new UnauthorizedException(MISSING_CREDENTIALS),
    );
    expect(mocks.reply.header).toHaveBeenCalledWith('WWW-Authenticate', 'Bearer realm="agented"');
  });

  it('should authenticate the bearer credential and attach the identity', async () => {
    const { sut, mocks, contextFor } = setup();
    const { context, request } = contextFor('read', { headers: { authorization: 'Bearer abc.def.ghi' } });
    await expect(sut.canActivate(context)).resolves.toBe(true);
    expect(mocks.authentication.authenticate).toHaveBeenCalledWith('abc.def.ghi');
    expect(request.identity).toBe(viewer);
  });

  it('should answer 403 when the role is below the minimum', async () => {
    const { sut, contextFor } = setup();
    const { context } = contextFor('admin', { headers: { authorization: 'Bearer agd_x' } });
    await expect(sut.canActivate(context)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('should take ?access_token= only on routes that allow it', async () => {
    const { sut, mocks, contextFor } = setup();
    await expect(
      sut.canActivate(contextFor('read', { query: { access_token: 't' } }).context),
    ).rejects.toThrow(UnauthorizedException);
    await expect(
      sut.canActivate(contextFor('stream', { query: { access_token: 't' } }).context),
    ).resolves.toBe(true);
    expect(mocks.authentication.authenticate).toHaveBeenCalledWith('t');
  });

  it('should fail closed on a handler without a rule', async () => {
    const { sut, contextFor } = setup();
    await expect(sut.canActivate(contextFor('undecided').context)).rejects.toBeInstanceOf(ForbiddenException);
  });

  it('should refuse to start while a route has neither @Public() nor @Roles()', () => {
    const { sut } = setup([new SampleController(), new ClassLevelController()]);
    expect(() => sut.onModuleInit()).toThrow(/missing on: SampleController\.undecided$/);
  });

  it('should start when every route has a rule, on the handler or its controller', () => {
    const { sut } = setup([new ClassLevelController()]);
    expect(() => sut.onModuleInit()).not.toThrow();
  });
});
