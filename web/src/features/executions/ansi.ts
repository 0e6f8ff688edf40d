import Anser from 'anser';

/**
 * Turns a log line with ANSI escape codes into styled pieces of plain text. Vue renders them as
 * text nodes, so nothing a CLI prints can become markup. anser reads the SGR codes (16, 256 and
 * 24-bit colours, bold, dim, italic, underline) and drops other CSI sequences such as cursor moves.
 */
export interface AnsiSegment {
  text: string;
  /** `ansi-bold ansi-underline …`, or empty */
  classes: string;
  /** inline colours, or empty */
  style: string;
}

// Window titles and other OSC strings: anser would print them, so they go first.
// eslint-disable-next-line no-control-regex
const OSC = /\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)?/g;

export function parseAnsi(line: string): AnsiSegment[] {
  return Anser.ansiToJson(line.replace(OSC, ''), { remove_empty: true }).map((part) => ({
    text: part.content,
    classes: part.decorations.map((d) => `ansi-${d}`).join(' '),
    style: [part.fg && `color: rgb(${part.fg})`, part.bg && `background-color: rgb(${part.bg})`]
      .filter(Boolean)
      .join('; '),
  }));
}
