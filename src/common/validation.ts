import { ArgumentMetadata, BadRequestException, Injectable, PipeTransform } from '@nestjs/common';
import { createZodValidationPipe } from 'nestjs-zod';
import { ZodError } from 'zod';
import { malformedTextProblem } from './json-input';

/** "name: Required; timeoutSeconds: Too big" — the field is always named. */
export function describeZodError(error: ZodError): string {
  return error.issues
    .map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message))
    .join('; ');
}

const ZodValidationPipe = createZodValidationPipe({
  createValidationException: (error: unknown) =>
    new BadRequestException(error instanceof ZodError ? describeZodError(error) : 'Invalid request'),
});

/**
 * The global pipe: zod DTOs, and for query and path parameters the text rule JSON bodies met
 * in the body parser (no NUL, no unpaired surrogate: PostgreSQL would answer with a 500).
 */
@Injectable()
export class ValidationPipe implements PipeTransform {
  private readonly zod = new ZodValidationPipe();

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'query' || metadata.type === 'param') {
      const problem = malformedTextProblem(value);
      if (problem) throw new BadRequestException(problem);
    }
    return this.zod.transform(value, metadata);
  }
}
