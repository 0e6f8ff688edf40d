import { InjectionToken, Type, ValueProvider } from '@nestjs/common';
import { PARAMTYPES_METADATA, SELF_DECLARED_DEPS_METADATA } from '@nestjs/common/constants';
import { Mocked, vi } from 'vitest';

export interface ServiceMocks {
  /** The automock that stands for `dependency` in this service (one per class, shared). */
  get<D extends object>(dependency: Type<D>): Mocked<D>;
}

export interface TestServiceOptions {
  /** Values for injection tokens (`CONFIG`, Redis, Kysely) or real instances for classes. */
  values?: ValueProvider[];
  /** Classes built for real, from the same mocks (e.g. DeliveryIntake over a mocked repository). */
  real?: Type[];
}

/**
 * Builds `Service` the way Nest would, from its constructor's decorator metadata, with every
 * class dependency an automock (each prototype method a `vi.fn()`), so a spec sets up and checks
 * the repositories a rule touches, and nothing else.
 */
export function newTestService<S>(
  Service: Type<S>,
  options: TestServiceOptions = {},
): { sut: S; mocks: ServiceMocks } {
  const values = new Map<InjectionToken, unknown>(options.values?.map((v) => [v.provide, v.useValue]));
  const real = new Set<Type>(options.real);
  const mocks = new Map<Type, object>();

  const build = <T>(Class: Type<T>): T => new Class(...dependenciesOf(Class).map(resolve));
  const resolve = (token: InjectionToken): unknown => {
    if (values.has(token)) return values.get(token);
    if (typeof token !== 'function') throw new Error(`newTestService: pass a value for ${String(token)}`);
    const Class = token as Type;
    if (real.has(Class)) {
      const instance = build(Class);
      values.set(Class, instance);
      return instance;
    }
    let mock = mocks.get(Class);
    if (!mock) mocks.set(Class, (mock = automock(Class)));
    return mock;
  };

  const sut = build(Service);
  return {
    sut,
    mocks: {
      get<D extends object>(dependency: Type<D>): Mocked<D> {
        const mock = mocks.get(dependency);
        if (!mock) throw new Error(`newTestService: ${Service.name} has no mocked ${dependency.name}`);
        // The automock holds a vi.fn() for each of D's methods; TypeScript cannot see that.
        return mock as Mocked<D>;
      },
    },
  };
}

/** The constructor's tokens: `@Inject(token)` where given, else the parameter's class. */
function dependenciesOf(Class: Type): InjectionToken[] {
  const types = (Reflect.getMetadata(PARAMTYPES_METADATA, Class) ?? []) as InjectionToken[];
  const injected = (Reflect.getMetadata(SELF_DECLARED_DEPS_METADATA, Class) ?? []) as {
    index: number;
    param: InjectionToken;
  }[];
  if (types.length < Class.length) {
    throw new Error(`newTestService: ${Class.name} has no decorator metadata (is it @Injectable()?)`);
  }
  return types.map((type, index) => {
    const token = injected.find((d) => d.index === index)?.param ?? type;
    // An interface or type alias parameter without @Inject() reaches metadata as Object.
    if (token === Object) throw new Error(`newTestService: ${Class.name} parameter ${index} has no token`);
    return token;
  });
}

function automock(Class: Type): object {
  const mock: Record<string, unknown> = {};
  for (let proto: object | null = Class.prototype; proto && proto !== Object.prototype;) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      const descriptor = Object.getOwnPropertyDescriptor(proto, name);
      if (name !== 'constructor' && typeof descriptor?.value === 'function' && !(name in mock)) {
        mock[name] = vi.fn();
      }
    }
    proto = Object.getPrototypeOf(proto) as object | null;
  }
  return mock;
}
