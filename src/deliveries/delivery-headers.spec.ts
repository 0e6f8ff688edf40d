import { describe, expect, it } from 'vitest';
import { storableHeaders } from './delivery-headers';

describe('delivery headers', () => {
  describe(storableHeaders.name, () => {
    it('should keep ordinary headers and drop signatures and credentials', () => {
      expect(
        storableHeaders({
          'content-type': 'application/json',
          'x-github-event': 'push',
          'x-github-delivery': 'abc',
          'x-hub-signature-256': 'sha256=00',
          'x-hub-signature': 'sha1=00',
          'x-agented-signature': 'sha256=00',
          authorization: 'Bearer x',
          cookie: 'a=b',
          'x-gitlab-token': 'plain secret',
          'x-api-key': 'k',
          'x-webhook-secret': 's',
          'set-cookie': ['a', 'b'],
          'x-forwarded-for': ['1.1.1.1', '2.2.2.2'],
        }),
      ).toEqual({
        'content-type': 'application/json',
        'x-github-event': 'push',
        'x-github-delivery': 'abc',
        'x-forwarded-for': '1.1.1.1, 2.2.2.2',
      });
    });
  });
});
