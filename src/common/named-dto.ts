/**
 * A DTO class made by `createZodDto` from a union keeps the generated class's name, so two of them
 * would meet as one schema ("AugmentedZodDto") in the OpenAPI document; this gives it its own.
 */
export function namedDto<T extends abstract new (...args: never[]) => unknown>(name: string, dto: T): T {
  Object.defineProperty(dto, 'name', { value: name });
  return dto;
}
