import { Inject, Injectable } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { newTestService } from '../helpers/service-test';

const TOKEN = Symbol('TOKEN');

class Store {
  read(): string {
    return 'real';
  }
}
class CachedStore extends Store {
  clear(): void {}
}
@Injectable()
class Reader {
  constructor(
    readonly store: CachedStore,
    @Inject(TOKEN) readonly options: { prefix: string },
  ) {}
  show(): string {
    return `${this.options.prefix}${this.store.read()}`;
  }
}
@Injectable()
class Outer {
  constructor(readonly reader: Reader) {}
}

describe(newTestService.name, () => {
  it('should mock every method of a class dependency, inherited ones too, and take token values', () => {
    const { sut, mocks } = newTestService(Reader, {
      values: [{ provide: TOKEN, useValue: { prefix: '> ' } }],
    });
    mocks.get(CachedStore).read.mockReturnValue('mocked');
    expect(sut.show()).toBe('> mocked');
    expect(mocks.get(CachedStore).clear).not.toHaveBeenCalled();
  });

  it('should build a `real` dependency from the same mocks', () => {
    const { sut, mocks } = newTestService(Outer, {
      real: [Reader],
      values: [{ provide: TOKEN, useValue: { prefix: '' } }],
    });
    mocks.get(CachedStore).read.mockReturnValue('shared');
    expect(sut.reader.show()).toBe('shared');
    expect(() => mocks.get(Reader)).toThrow(/no mocked Reader/);
  });

  it('should name a token that has no value', () => {
    expect(() => newTestService(Reader)).toThrow('newTestService: pass a value for Symbol(TOKEN)');
  });
});
