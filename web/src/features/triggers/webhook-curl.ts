/** Single-quoted for sh: the only character to escape inside is the quote itself. */
const shellQuote = (s: string) => `'${s.replaceAll("'", `'\\''`)}'`;

/**
 * A copy-able example that signs its body as the server checks it: HMAC-SHA256 of the exact
 * bytes sent, hex, in `X-Agented-Signature: sha256=<hex>`.
 */
export function webhookCurlExample(url: string, secret: string, body = '{"hello":"world"}'): string {
  return [
    `SECRET=${shellQuote(secret)}`,
    `BODY=${shellQuote(body)}`,
    `SIG=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" | sed 's/^.* //')`,
    `curl -X POST ${shellQuote(url)} \\`,
    `  -H 'Content-Type: application/json' \\`,
    `  -H "X-Agented-Signature: sha256=$SIG" \\`,
    `  --data-raw "$BODY"`,
  ].join('\n');
}

/** The trigger's path on this server, as a full URL to give a sender. */
export const absoluteUrl = (path: string) => new URL(path, window.location.origin).toString();
