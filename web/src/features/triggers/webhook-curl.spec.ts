import { describe, expect, it } from 'vitest';
import { webhookCurlExample } from './webhook-curl';

describe(webhookCurlExample.name, () => {
  it('should sign the exact body it sends, with the secret and URL quoted for sh', () => {
    const script = webhookCurlExample('http://host/hooks/tok', "it's", '{"a":1}');

    expect(script.split('\n')).toEqual([
      `SECRET='it'\\''s'`,
      `BODY='{"a":1}'`,
      `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
      `curl -X POST 'http://host/hooks/tok' \\`,
      `  -H 'Content-Type: application/json' \\`,
      `  -H "X-Agented-Signature: sha256=$SIG" \\`,
      `  --data-raw "$BODY"`,
    ]);
  });
});
