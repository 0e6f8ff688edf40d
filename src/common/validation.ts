import { BadRequestException } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';
import { ZodError } from 'zod';

/** "name: Required; timeoutSeconds: Too big" — the field is always named. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

export const ValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) =>
    new BadRequestException(error instanceof ZodError ? describeZodError(error) : 'Invalid request'),
});
