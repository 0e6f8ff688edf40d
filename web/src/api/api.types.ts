import type { components, paths } from './schema';

type Generated = components['schemas'];

/**
 * nestjs-zod 5.5 with zod ≥ 4.5 writes a top-level `string | null` field of a DTO as `string[]`
 * (nestjs-zod issues 473 and 474); these fields are restored to what the server sends.
 */
type WithNullableStrings<T, K extends keyof T> = Omit<T, K> & { [F in K]: string | null };

/** The server's named schemas (`schema.d.ts` is generated from its OpenAPI document). */
export type Schemas = Omit<Generated, keyof NullableStringFixes> & NullableStringFixes;
interface NullableStringFixes {
  BotResponseDto: WithNullableStrings<Generated['BotResponseDto'], 'model' | 'workdir'>;
  DeliveryPageDto: WithNullableStrings<Generated['DeliveryPageDto'], 'nextCursor'>;
  DeliveryDetailDto: WithNullableStrings<Generated['DeliveryDetailDto'], 'event'>;
  ExecutionPageDto_Output: WithNullableStrings<Generated['ExecutionPageDto_Output'], 'nextCursor'>;
  ExecutionResponseDto_Output: WithNullableStrings<
    Generated['ExecutionResponseDto_Output'],
    'error' | 'workerId'
  >;
  AuditEventsResponseDto: WithNullableStrings<Generated['AuditEventsResponseDto'], 'nextCursor'>;
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type JsonOf<R> = R extends { content: { 'application/json': infer Body } } ? Body : never;
type Success<R> = R[Extract<keyof R, 200 | 201 | 202>];

/** The JSON a route answers with on success (where its schema is in `Schemas`, use that). */
export type ResponseOf<P extends keyof paths, M extends Method> = JsonOf<
  Success<Operation<P, M>['responses']>
>;
/** The JSON body a route takes. */
export type RequestOf<P extends keyof paths, M extends Method> = JsonOf<
  NonNullable<Operation<P, M>['requestBody']>
>;
/** The query parameters a route takes. */
export type QueryOf<P extends keyof paths, M extends Method> = NonNullable<
  Operation<P, M>['parameters']['query']
>;

/**
 * A run-time list of every member of a union from the schema, checked by the compiler both ways:
 * a member the server adds and the list lacks fails the typecheck, and so does one it drops.
 */
export const everyMemberOf =
  <T extends string>() =>
  <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : never)): L =>
    list;
