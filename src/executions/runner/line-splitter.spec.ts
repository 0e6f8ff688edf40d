import { describe, expect, it } from 'vitest';
import { LineSplitter } from './line-splitter';
import { SecretMasker } from './secret-masker';

const feed = (splitter: LineSplitter, ...chunks: (string | Buffer)[]) =>
  chunks.flatMap((c) => splitter.push(typeof c === 'string' ? Buffer.from(c) : c));

describe(LineSplitter.name, () => {
  it('should split a chunk into lines and keep the unfinished rest', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'one\ntwo\nthr')).toEqual(['one', 'two']);
    expect(feed(s, 'ee\n')).toEqual(['three']);
  });

  it('should join a line split across chunks', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'hel', 'lo', ' world\n')).toEqual(['hello world']);
  });

  it('should treat \\r\\n as one break, also when split between chunks', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'a\r\nb\r', '\nc\n')).toEqual(['a', 'b', 'c']);
  });

  it('should keep empty lines', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'a\n\n\nb\n')).toEqual(['a', '', '', 'b']);
  });

  it('should decode a UTF-8 character split across chunks', () => {
    const bytes = Buffer.from('é€😀\n');
    const s = new LineSplitter(1024);
    const out = [...bytes].flatMap((b) => s.push(Buffer.from([b])));
    expect(out).toEqual(['é€😀']);
  });

  it('should emit a final line without newline at the end', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'a\nlast')).toEqual(['a']);
    expect(s.end()).toEqual(['last']);
    expect(s.end()).toEqual([]);
  });

  it('should emit nothing at the end after a trailing newline', () => {
    const s = new LineSplitter(1024);
    feed(s, 'a\n');
    expect(s.end()).toEqual([]);
  });

  it('should split a line longer than the cap into pieces of at most the cap', () => {
    const s = new LineSplitter(4);
    expect(feed(s, 'abcdefghij\n')).toEqual(['abcd', 'efgh', 'ij']);
  });

  it('should cap a long line before its newline arrives', () => {
    const s = new LineSplitter(4);
    expect(feed(s, 'abcdef')).toEqual(['abcd']);
    expect(feed(s, 'gh')).toEqual([]);
    expect(feed(s, 'i\n')).toEqual(['efgh', 'i']);
  });

  it('should never cut a multi-byte character when capping', () => {
    const s = new LineSplitter(4);
    const out = feed(s, 'aé€b\n'); // 1 + 2 + 3 + 1 bytes
    expect(out).toEqual(['aé', '€b']);
    for (const piece of out) expect(Buffer.byteLength(piece)).toBeLessThanOrEqual(4);
  });

  it('should replace NUL characters', () => {
    const s = new LineSplitter(1024);
    expect(feed(s, 'a\0b\n')).toEqual(['a\uFFFDb']);
  });

  it('should mask a secret split across chunks', () => {
    const s = new LineSplitter(1024, new SecretMasker(['hunter2']));
    expect(feed(s, 'pass=hun', 'ter2 ok\n')).toEqual(['pass=*** ok']);
  });

  it('should mask a secret before cutting a long line, so no piece holds part of it', () => {
    const s = new LineSplitter(4, new SecretMasker(['abcdef']));
    expect(feed(s, 'xxabcdefyy\n')).toEqual(['xx**', '*yy']);
  });

  it('should keep enough of a runaway line back that a secret arriving in parts is still masked', () => {
    const s = new LineSplitter(4, new SecretMasker(['secret']));
    const out = feed(s, '123456sec', 'ret789\n');
    expect(out.join('')).toBe('123456***789');
    expect(out.join('')).not.toMatch(/sec|ret/);
  });
});
