import { describe, expect, it, vi } from 'vitest';
import { newTestService } from '../../test/helpers/service-test';
import { CONFIG } from '../config/config.module';
import { AuthenticationService } from './authentication.service';
import { Identity } from '../access/identity';
import { CREDENTIAL_REVOKED, LiveCredentials } from './live-credentials';

const admin: Identity = { kind: 'api-key', userId: 'u1', apiKeyId: 'k1', role: 'admin' };
const unreachable = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' });

function setup() {
  const { sut, mocks } = newTestService(LiveCredentials, {
    values: [{ provide: CONFIG, useValue: { CREDENTIAL_RECHECK_SECONDS: 5 } }],
  });
  const authentication = mocks.get(AuthenticationService);
  authentication.current.mockResolvedValue(admin);
  return { sut, mocks: { authentication } };
}

describe(LiveCredentials.name, () => {
  it('should check a credential once however many connections share it', async () => {
    const { sut, mocks } = setup();
    const lost = vi.fn();
    sut.watch(admin, 'admin', lost);
    sut.watch({ ...admin }, 'viewer', lost);
    await sut.checkAll();
    expect(mocks.authentication.current).toHaveBeenCalledTimes(1);
    expect(lost).not.toHaveBeenCalled();
  });

  it('should tell every connection of a revoked credential, once', async () => {
    const { sut, mocks } = setup();
    const [a, b] = [vi.fn(), vi.fn()];
    sut.watch(admin, 'admin', a);
    sut.watch(admin, 'viewer', b);
    mocks.authentication.current.mockResolvedValue(undefined);
    await sut.checkAll();
    await sut.checkAll();
    expect(a.mock.calls).toEqual([[{ status: 401, message: CREDENTIAL_REVOKED }]]);
    expect(b).toHaveBeenCalledTimes(1);
  });

  it('should end only the connections that need more than the role left', async () => {
    const { sut, mocks } = setup();
    const [terminal, stream] = [vi.fn(), vi.fn()];
    sut.watch(admin, 'admin', terminal);
    sut.watch(admin, 'viewer', stream);
    mocks.authentication.current.mockResolvedValue({ ...admin, role: 'operator' });
    await sut.checkAll();
    expect(terminal).toHaveBeenCalledWith({
      status: 403,
      message: expect.stringMatching(/you have operator/),
    });
    expect(stream).not.toHaveBeenCalled();
  });

  it('should leave connections open while PostgreSQL or Redis cannot answer, and stop watching closed ones', async () => {
    const { sut, mocks } = setup();
    const lost = vi.fn();
    const unwatch = sut.watch(admin, 'admin', lost);
    mocks.authentication.current.mockRejectedValue(unreachable);
    await sut.checkAll();
    expect(lost).not.toHaveBeenCalled();
    unwatch();
    mocks.authentication.current.mockClear();
    await sut.checkAll();
    expect(mocks.authentication.current).not.toHaveBeenCalled();
  });
});
