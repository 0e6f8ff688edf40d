import { describe, expect, it } from 'vitest';
import { bearerMatches, metricsAccess } from './metrics-access';

const TOKEN = 'a-long-metrics-token';

describe(metricsAccess.name, () => {
  it.each([
    ['production', TOKEN, undefined, { kind: 'token', token: TOKEN }],
    ['production', TOKEN, 9100, { kind: 'token', token: TOKEN }],
    ['production', undefined, 9100, { kind: 'internal-port-only' }],
    ['development', undefined, 9100, { kind: 'internal-port-only' }],
    ['production', undefined, undefined, { kind: 'disabled' }],
    ['development', undefined, undefined, { kind: 'open' }],
    ['test', undefined, undefined, { kind: 'open' }],
  ] as const)('should decide for NODE_ENV=%s token=%s port=%s', (env, token, port, expected) => {
    expect(metricsAccess({ NODE_ENV: env, METRICS_TOKEN: token, METRICS_PORT: port })).toEqual(expected);
  });
});

describe(bearerMatches.name, () => {
  it('should accept exactly the bearer token', () => {
    expect(bearerMatches(`Bearer ${TOKEN}`, TOKEN)).toBe(true);
    expect(bearerMatches(`bearer ${TOKEN}`, TOKEN)).toBe(true);
  });

  it('should refuse anything else', () => {
    for (const header of [
      undefined,
      '',
      TOKEN,
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(1)}`,
      `Basic ${TOKEN}`,
    ]) {
      expect(bearerMatches(header, TOKEN)).toBe(false);
    }
  });
});
