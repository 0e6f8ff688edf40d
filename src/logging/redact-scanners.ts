/**
 * The two secret shapes no single regex finds in linear time: as patterns they retry every start
 * position inside a long run (`?;token;token;…` took 3 s for 5 KB of URL, `eyJ-eyJ-…` grew with
 * the square of its length). Here each run of the text is tried once, and every "where is the
 * next X at or after i" moves forward only, so the text is read a fixed number of times whatever
 * it holds.
 */

// Shared (compiled once): every use sets `lastIndex` first, and nothing here runs re-entrantly.
const CREDENTIAL_WORD = /token|secret|passw(?:or)?d|signature|api[-_]?key/gi;
/** A maximal run without `=`, `&`, `#` or whitespace that ends at `=`: tried once per run. */
const RUN_BEFORE_EQUALS = /(?<![^=&#\s])[^=&#\s]*=/g;
const PAIR_START_BEFORE_RUN = /[&\s]/;
const SEPARATOR_IN_RUN = /[?;]/g;
const VALUE_END = /[&#\s]/g;
const JWT_START = /(?<!\w)eyJ/g;
const NOT_IN_RUN = /[^\w-]/g;

/**
 * `key=value` where the key names a credential (`access_token`, `client_secret`, `x-api-key`, …)
 * and follows `?`, `&`, `;`, whitespace or the start: the value (up to `&`, `#` or whitespace) is
 * replaced. A key runs up to the first `=`, `&`, `#` or whitespace; its credential word must come
 * before any `?` in it (`?x?token=` is masked from the second `?`).
 */
export function maskCredentialValues(text: string, mask: string): string {
  const nextWord = nextMatch(text, CREDENTIAL_WORD);
  if (nextWord(0) === text.length) return text;
  const nextSeparatorInRun = nextMatch(text, SEPARATOR_IN_RUN);
  let out = '';
  let copied = 0;
  RUN_BEFORE_EQUALS.lastIndex = 0;
  for (let run = RUN_BEFORE_EQUALS.exec(text); run; run = RUN_BEFORE_EQUALS.exec(text)) {
    const start = run.index;
    const equals = RUN_BEFORE_EQUALS.lastIndex - 1;
    const word = nextWord(start);
    if (word >= equals) continue;
    // A key may start here (after `&`, whitespace or at the start), or after a `?` or `;` inside
    // the run: then a credential word must follow that separator.
    if (start > 0 && !PAIR_START_BEFORE_RUN.test(text[start - 1])) {
      const separator = nextSeparatorInRun(start);
      if (separator >= equals || nextWord(separator + 1) >= equals) continue;
    }
    VALUE_END.lastIndex = equals + 1;
    const valueEnd = VALUE_END.exec(text)?.index ?? text.length;
    out += `${text.slice(copied, equals + 1)}${mask}`;
    copied = valueEnd;
    RUN_BEFORE_EQUALS.lastIndex = valueEnd;
  }
  return copied === 0 ? text : `${out}${text.slice(copied)}`;
}

/**
 * JWTs: `eyJ` at a word boundary, the rest of its `[\w-]` run, `.`, a non-empty run, `.`, a run.
 * When the first such start in a run fails, every later start in the same run fails the same
 * way (they share what follows), so the scan moves on to the next run.
 */
export function maskJwts(text: string, mask: string): string {
  const nextStart = nextMatch(text, JWT_START);
  if (nextStart(0) === text.length) return text;
  const runEnd = (from: number) => {
    NOT_IN_RUN.lastIndex = from;
    return NOT_IN_RUN.exec(text)?.index ?? text.length;
  };

  let out = '';
  let copied = 0;
  for (let start = nextStart(0); start < text.length;) {
    const header = runEnd(start);
    const payload = text[header] === '.' ? runEnd(header + 1) : -1;
    if (payload > header + 1 && text[payload] === '.') {
      const signature = runEnd(payload + 1);
      out += `${text.slice(copied, start)}${mask}`;
      copied = signature;
      start = nextStart(signature);
    } else {
      start = nextStart(header);
    }
  }
  return copied === 0 ? text : `${out}${text.slice(copied)}`;
}

/**
 * `find(i)`: the index of the first match of `pattern` (global) at or after i, or text.length.
 * The last answer is kept: asked again for an i it still covers, nothing is read twice. Only for
 * patterns that cannot match the empty string.
 */
function nextMatch(text: string, pattern: RegExp): (from: number) => number {
  let askedFrom = 0;
  let found = -1;
  return (from) => {
    if (found >= 0 && from >= askedFrom && from <= found) return found;
    pattern.lastIndex = from;
    askedFrom = from;
    found = pattern.exec(text)?.index ?? text.length;
    return found;
  };
}
