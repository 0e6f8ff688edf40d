import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box';

describe(SecretBox.name, () => {
  const sut = new SecretBox(randomBytes(32));

  it('should round-trip a secret', () => {
    const sealed = sut.encrypt('hunter2 ✓');
    expect(sealed).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/);
    expect(sealed).not.toContain('hunter2');
    expect(sut.decrypt(sealed)).toBe('hunter2 ✓');
  });

  it('should use a fresh IV for every encryption', () => {
    expect(sut.encrypt('same')).not.toBe(sut.encrypt('same'));
  });

  it('should throw when the ciphertext was tampered with', () => {
    const [v, iv, tag, ct] = sut.encrypt('secret value').split('.');
    const flipped = Buffer.from(ct, 'base64url');
    flipped[0] ^= 1;
    expect(() => sut.decrypt([v, iv, tag, flipped.toString('base64url')].join('.'))).toThrow();
  });

  it('should throw when the tag was tampered with', () => {
    const [v, iv, , ct] = sut.encrypt('secret value').split('.');
    expect(() => sut.decrypt([v, iv, randomBytes(16).toString('base64url'), ct].join('.'))).toThrow();
  });

  it('should throw under a different key', () => {
    const other = new SecretBox(randomBytes(32));
    expect(() => other.decrypt(sut.encrypt('secret value'))).toThrow();
  });

  it('should reject an unknown format', () => {
    expect(() => sut.decrypt('v2.a.b.c')).toThrow('Not a v1 sealed secret');
    expect(() => sut.decrypt('plaintext')).toThrow('Not a v1 sealed secret');
  });

  it('should refuse a key that is not 32 bytes', () => {
    expect(() => new SecretBox(randomBytes(16))).toThrow('32-byte key');
  });
});
