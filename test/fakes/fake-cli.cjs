// Shared by the fake agent CLIs in ./bin: argument parsing like the real ones, and the magic words
// tests put in the prompt. Plain CommonJS so the fakes run with `node` and nothing else.
const { execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { existsSync, readFileSync, writeFileSync } = require('node:fs');

/** Exits like the real CLIs do on a bad command line. */
function usageError(program, message) {
  process.stderr.write(`${program}: ${message}\nRun '${program} --help' for usage.\n`);
  process.exit(2);
}

/**
 * Parses argv against `spec` (flag → 'bool' | 'value' | 'values'); `--x=v` works too; `--` ends
 * the options. 'values' takes every following item up to the next one starting with "-".
 */
function parseArgs(program, argv, spec) {
  const flags = {};
  const positionals = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = eq > 0 ? arg.slice(0, eq) : arg;
    const kind = spec[name];
    if (!kind) usageError(program, `unknown option '${name}'`);
    const key = name.replace(/^-+/, '');
    if (kind === 'bool') {
      flags[key] = true;
    } else if (kind === 'value') {
      const value = eq > 0 ? arg.slice(eq + 1) : argv[++i];
      if (value === undefined) usageError(program, `option '${name}' needs a value`);
      flags[key] = value;
    } else {
      const values = eq > 0 ? [arg.slice(eq + 1)] : [];
      while (eq < 0 && i + 1 < argv.length && !argv[i + 1].startsWith('-')) values.push(argv[++i]);
      if (values.length === 0) usageError(program, `option '${name}' needs a value`);
      flags[key] = [...(flags[key] || []), ...values];
    }
  }
  return { flags, positionals };
}

/** What the prompt asks the fake to do. */
function magic(prompt) {
  const sleep = /FAKE_SLEEP=(\d+(?:\.\d+)?)/.exec(prompt);
  const limitedFirst = /FAKE_RATE_LIMIT_FIRST=(\d+):([^\s<]+)/.exec(prompt);
  return {
    rateLimited:
      /\bFAKE_RATE_LIMIT\b/.test(prompt) ||
      (limitedFirst !== null && countRun(limitedFirst[2]) <= Number(limitedFirst[1])),
    fail: /\bFAKE_FAIL\b/.test(prompt),
    sleepSeconds: sleep ? Number(sleep[1]) : 0,
    printEnv: [...prompt.matchAll(/FAKE_PRINT_ENV=([A-Z_][A-Z0-9_]*)/g)].map((m) => m[1]),
    pwd: /\bFAKE_PWD\b/.test(prompt),
  };
}

/** Counts this run in a file, so a test can make only the first runs hit the rate limit. */
function countRun(file) {
  const count = (existsSync(file) ? Number(readFileSync(file, 'utf8')) : 0) + 1;
  writeFileSync(file, String(count));
  return count;
}

/** The lines FAKE_PWD and FAKE_PRINT_ENV ask for. */
function reportLines(m) {
  const lines = m.printEnv.map((name) => `${name}=${process.env[name] ?? '(unset)'}`);
  if (m.pwd) {
    lines.push(`cwd=${process.cwd()}`);
    let head = '(not a git repository)';
    try {
      head = execFileSync('git', ['rev-parse', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      // not inside a clone
    }
    lines.push(`head=${head}`);
  }
  return lines;
}

const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * Prints one line; when it holds one of `secrets`, in two writes split inside the value, so the
 * reader gets it in two chunks (as a pipe may deliver it).
 */
async function printLine(line, secrets = [], stream = process.stdout) {
  const secret = secrets.find((s) => s && s.length >= 2 && line.includes(s));
  if (!secret) {
    stream.write(`${line}\n`);
    return;
  }
  const cut = line.indexOf(secret) + Math.floor(secret.length / 2);
  stream.write(line.slice(0, cut));
  await sleep(0.05);
  stream.write(`${line.slice(cut)}\n`);
}

const printJson = (event, secrets) => printLine(JSON.stringify(event), secrets);

/** The values FAKE_PRINT_ENV prints, JSON-escaped as they appear inside a JSON line too. */
function printedValues(m) {
  const values = m.printEnv.map((name) => process.env[name]).filter(Boolean);
  return [...values, ...values.map((v) => JSON.stringify(v).slice(1, -1))];
}

module.exports = {
  magic,
  parseArgs,
  printJson,
  printLine,
  printedValues,
  randomUUID,
  reportLines,
  sleep,
  usageError,
};
