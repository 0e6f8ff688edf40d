import { describe, expect, it } from 'vitest';
import { parseAnsi } from './ansi';

const plain = (text: string) => ({ text, classes: '', style: '' });

describe(parseAnsi.name, () => {
  it('should pass text without escapes through as one piece', () => {
    expect(parseAnsi('hello <b>')).toEqual([plain('hello <b>')]);
  });

  it('should turn SGR colours into styles and weights into classes, and reset them', () => {
    expect(parseAnsi('\x1b[1;31merror\x1b[0m: \x1b[92mok\x1b[39m done')).toEqual([
      { text: 'error', classes: 'ansi-bold', style: 'color: rgb(187, 0, 0)' },
      plain(': '),
      { text: 'ok', classes: '', style: 'color: rgb(0, 255, 0)' },
      plain(' done'),
    ]);
  });

  it('should give 256-colour and 24-bit colours as inline styles', () => {
    expect(parseAnsi('\x1b[38;5;196mA\x1b[48;2;1;2;3mB')).toEqual([
      { text: 'A', classes: '', style: 'color: rgb(255, 0, 0)' },
      { text: 'B', classes: '', style: 'color: rgb(255, 0, 0); background-color: rgb(1, 2, 3)' },
    ]);
  });

  it('should drop cursor moves and window titles', () => {
    expect(parseAnsi('\x1b]0;title\x07\x1b[2K\x1b[1Gprogress 50%')).toEqual([plain('progress 50%')]);
  });
});
