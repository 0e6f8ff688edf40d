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
    // the hex forms are the longest: two characters a byte
    expect(new SecretMasker(['ab"cd']).longestBytes).toBe(10);
    expect(new SecretMasker(['€€€€']).longestBytes).toBe(36);
  });

  describe('encoded', () => {
    const secret = 'sk-ant-api03-Zq8Lm2Xv9Tr4Wp1Yc6Nb';
    const sut = new SecretMasker([secret]);
    const bytes = Buffer.from(secret);

    it('should mask the value as base64, base64url, hex and URL-encoded', () => {
      for (const encoded of [
        bytes.toString('base64'),
        bytes.toString('base64url'),
        bytes.toString('hex'),
        bytes.toString('hex').toUpperCase(),
      ]) {
        expect(sut.mask(`leak: ${encoded} end`), encoded).not.toContain(encoded.slice(4, -4));
      }
      const spaced = new SecretMasker(['p@ss word/+?']);
      expect(spaced.mask(`q=${encodeURIComponent('p@ss word/+?')}`)).toBe('q=***');
    });

    it('should mask the base64 of the value inside a longer encoded text, at every offset', () => {
      for (const prefix of ['', 'a', 'ab', 'abc', 'Authorization: Basic x-access-token:']) {
        const encoded = Buffer.from(`${prefix}${secret}; and more`).toString('base64');
        const masked = sut.mask(encoded);
        expect(masked, prefix).toContain('***');
        // what is left around the mask decodes to no more than a few of the secret's bytes
        const leftOver = masked.split('***').join('');
        expect(Buffer.from(leftOver, 'base64').toString('latin1')).not.toContain(secret.slice(2, 8));
      }
    });

    it('should leave alone encoded pieces too short to say anything', () => {
      // 'YWJj' is where base64 of "abc…" starts; a four-character value's hex has eight
      const short = new SecretMasker(['abcd']);
      expect(short.mask('YWJj and 61626364 or abcd')).toBe('YWJj and *** or ***');
    });
  });
});
