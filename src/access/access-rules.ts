import { ExecutionContext, Type } from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE, AccessRule } from './access.decorators';

/** The rule on the handler, else on its controller; undefined when neither decided. */
type Handler = ReturnType<ExecutionContext['getHandler']>;

export function accessRuleOf(
  reflector: Reflector,
  handler: Handler,
  controller: Type,
): AccessRule | undefined {
  return reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [handler, controller]);
}

/** `Controller.method` of every route handler that has neither `@Public()` nor `@Roles()`. */
export function routesWithoutAccessRule(
  discovery: DiscoveryService,
  scanner: MetadataScanner,
  reflector: Reflector,
): string[] {
  const missing: string[] = [];
  for (const { instance, metatype } of discovery.getControllers()) {
    if (!instance || !metatype) continue;
    const prototype = Object.getPrototypeOf(instance) as Record<string, Handler>;
    for (const name of scanner.getAllMethodNames(prototype)) {
      const handler = prototype[name];
      const isRoute = Reflect.getMetadata(PATH_METADATA, handler) !== undefined;
      if (isRoute && !accessRuleOf(reflector, handler, metatype as Type))
        missing.push(`${metatype.name}.${name}`);
    }
  }
  return missing;
}
