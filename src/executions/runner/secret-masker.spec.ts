import { describe, expect, it } from 'vitest';
import { SecretMasker } from './secret-masker';

describe(SecretMasker.name, () => {
  it('should replace every occurrence of every value', () => {
    const sut = new SecretMasker(['hunter2', 's3cr3t-token']);
    expect(sut.mask('a hunter2 b s3cr3t-token c hunter2')).toBe('a *** b *** c ***');
  });

  it('should mask a longer value whole even when it contains a shorter one', () => {
    const sut = new SecretMasker(['abcd', 'xxabcdxx']);
    expect(sut.mask('[xxabcdxx] [abcd]')).toBe('[***] [***]');
  });

  it('should mask a value as it appears escaped inside a JSON string', () => {
    const value = 'pa"ss\\word';
    const sut = new SecretMasker([value]);
    expect(sut.mask(JSON.stringify({ v: value }))).toBe('{"v":"***"}');
  });

  it('should mask each line of a multi-line value', () => {
    const sut = new SecretMasker(['-----BEGIN KEY-----\nMIIEvQIBADANBg\n-----END KEY-----']);
    expect(sut.mask('MIIEvQIBADANBg')).toBe('***');
  });

  it('should treat regular expression characters literally', () => {
    const sut = new SecretMasker(['a.b*c+(d)']);
    expect(sut.mask('a.b*c+(d) aXbbc+(d)')).toBe('*** aXbbc+(d)');
  });

  it('should leave values shorter than four characters alone', () => {
    const sut = new SecretMasker(['abc', '']);
    expect(sut.mask('abc abc')).toBe('abc abc');
    expect(sut.longestBytes).toBe(0);
  });

  it('should know the byte length of the longest form it looks for', () => {
    expect(new SecretMasker(['ab"cd']).longestBytes).toBe(6);
    expect(new SecretMasker(['€€€€']).longestBytes).toBe(12);
  });
});
