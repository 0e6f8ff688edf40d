import { Logger } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { UntrustedProxyWarning } from './untrusted-proxy-warning';

const arrival = (ip: string, peer: string, forwardedFor?: string) => ({
  ip,
  socket: { remoteAddress: peer },
  headers: forwardedFor === undefined ? {} : { 'x-forwarded-for': forwardedFor },
});

describe(UntrustedProxyWarning.name, () => {
  const warn = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  const sut = () => new UntrustedProxyWarning({} as HttpAdapterHost);
  afterEach(() => warn.mockClear());

  it('should warn once when X-Forwarded-For comes from a peer it was not believed from', () => {
    const warning = sut();
    warning.check(arrival('172.18.0.5', '172.18.0.5', '203.0.113.7'));
    warning.check(arrival('172.18.0.5', '172.18.0.5', '203.0.113.8'));
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0][0]).toMatch(/from 172\.18\.0\.5, which is not in TRUSTED_PROXIES/);
  });

  it('should stay quiet for a trusted proxy and for requests without X-Forwarded-For', () => {
    const warning = sut();
    warning.check(arrival('203.0.113.7', '127.0.0.1', '203.0.113.7'));
    warning.check(arrival('198.51.100.1', '198.51.100.1'));
    expect(warn).not.toHaveBeenCalled();
  });
});
