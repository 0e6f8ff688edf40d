import { UnauthorizedException } from '@nestjs/common';
import { IncomingHttpHeaders } from 'node:http';
import { checkStandardSignature, hasStandardHeaders } from './standard-webhook-signature';
import { SIGNATURE_HEADER, SignatureCheck, checkSignature } from './webhook-signature';

const LEGACY_PROBLEMS: Record<Exclude<SignatureCheck, 'valid'>, string> = {
  missing: 'Missing X-Agented-Signature header; send sha256=<hex HMAC-SHA256 of the body with the secret>',
  malformed: 'X-Agented-Signature must be sha256=<64 hex characters>',
  mismatch: 'X-Agented-Signature does not match the body; check the secret and sign the exact bytes sent',
};
const LEGACY_OFF =
  'Send Standard Webhooks headers (webhook-id, webhook-timestamp, webhook-signature): this server does not accept X-Agented-Signature alone (WEBHOOK_LEGACY_SIGNATURES=false)';

export interface AuthenticityRules {
  /** WEBHOOK_LEGACY_SIGNATURES */
  legacy: boolean;
  /** WEBHOOK_TOLERANCE_SECONDS */
  toleranceSeconds: number;
  nowSeconds: number;
}

/**
 * Which signature decides, for a generic webhook. With any Standard Webhooks header, those:
 * id, time and body signed, so a captured request is refused once its time is past and repeats
 * the first answer before that (its `webhook-id` is the delivery id). Without them, the legacy
 * X-Agented-Signature of the body alone, while WEBHOOK_LEGACY_SIGNATURES allows it (its optional
 * X-Agented-Delivery is not signed: such a request can be replayed under a new id).
 * Answers the signed delivery id, if there is one; throws 401 otherwise.
 */
export function verifyWebhook(
  secret: string,
  rawBody: Buffer,
  headers: IncomingHttpHeaders,
  rules: AuthenticityRules,
): { signedId?: string } {
  if (hasStandardHeaders(headers)) {
    const check = checkStandardSignature(secret, rawBody, headers, rules);
    if (check.result !== 'valid') throw new UnauthorizedException(check.problem);
    return { signedId: check.id };
  }
  if (!rules.legacy) throw new UnauthorizedException(LEGACY_OFF);
  const legacy = checkSignature(secret, rawBody, headers[SIGNATURE_HEADER]);
  if (legacy !== 'valid') throw new UnauthorizedException(LEGACY_PROBLEMS[legacy]);
  return {};
}
