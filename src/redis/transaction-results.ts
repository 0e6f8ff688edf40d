/**
 * ioredis resolves `multi().exec()` even when a command inside it failed (an XADD refused, Redis
 * out of memory): the error is only an item of the results. This makes it the promise's error.
 */
export function throwFirstError(results: [Error | null, unknown][] | null): void {
  const failed = results?.find(([err]) => err);
  if (failed?.[0]) throw failed[0];
}
