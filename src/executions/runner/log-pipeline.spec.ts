import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LogLine } from '../../live-log/log-stream.codec';
import { LineInterpreter, LogPipeline, LogPipelineOptions, LogSinks } from './log-pipeline';
import { SecretMasker } from './secret-masker';

function setup(opts: Partial<LogPipelineOptions> = {}, startSeq = 0) {
  const live: LogLine[][] = [];
  const record: LogLine[][] = [];
  const sinks = {
    live: vi.fn(async (lines: LogLine[]) => void live.push(lines)),
    liveLastSeq: vi.fn(async () => live.flat().at(-1)?.seq ?? startSeq),
    record: vi.fn(async (lines: LogLine[]) => void record.push(lines)),
  } satisfies LogSinks;
  const sut = new LogPipeline(startSeq, sinks, { maxLineBytes: 1024, now: () => 1000, retryMs: 10, ...opts });
  return { sut, sinks, live, record };
}

const texts = (batches: LogLine[][]) => batches.flat().map((l) => l.text);
const seqs = (batches: LogLine[][]) => batches.flat().map((l) => l.seq);

describe(LogPipeline.name, () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('should number lines of all streams in one sequence after the start seq', async () => {
    const { sut, live } = setup({}, 7);
    sut.system('started: sh');
    sut.write('stdout', Buffer.from('one\n'));
    sut.write('stderr', Buffer.from('two\n'));
    sut.write('stdout', Buffer.from('three'));
    sut.endOutput();
    sut.system('exit code 0');
    await sut.close();
    expect(live.flat()).toEqual([
      { seq: 8, stream: 'system', text: 'started: sh', ts: 1000 },
      { seq: 9, stream: 'stdout', text: 'one', ts: 1000 },
      { seq: 10, stream: 'stderr', text: 'two', ts: 1000 },
      { seq: 11, stream: 'stdout', text: 'three', ts: 1000 },
      { seq: 12, stream: 'system', text: 'exit code 0', ts: 1000 },
    ]);
    expect(sut.lastSeq).toBe(12);
  });

  it('should send live lines in batches on a short tick, not one call per line', async () => {
    const { sut, sinks, live } = setup({ liveFlushMs: 15, liveBatchMax: 500 });
    for (let i = 1; i <= 1200; i++) sut.write('stdout', Buffer.from(`line ${i}\n`));
    expect(sinks.live).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(20);
    expect(sinks.live).toHaveBeenCalledTimes(3);
    expect(live.map((b) => b.length)).toEqual([500, 500, 200]);
    expect(seqs(live)).toEqual(Array.from({ length: 1200 }, (_, i) => i + 1));
  });

  it('should write the record about once per interval and everything on close', async () => {
    const { sut, sinks, record } = setup({ recordFlushMs: 1000 });
    sut.write('stdout', Buffer.from('a\nb\n'));
    await vi.advanceTimersByTimeAsync(500);
    expect(sinks.record).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(600);
    expect(texts(record)).toEqual(['a', 'b']);
    sut.write('stdout', Buffer.from('c\n'));
    await sut.close();
    expect(texts(record)).toEqual(['a', 'b', 'c']);
    expect(sinks.record).toHaveBeenCalledTimes(2);
  });

  it('should give each execution its own record pace, so executions started together do not flush together', async () => {
    const random = vi.spyOn(Math, 'random').mockReturnValueOnce(0).mockReturnValueOnce(0.999);
    const early = setup();
    const late = setup();
    random.mockRestore();
    early.sut.write('stdout', Buffer.from('a\n'));
    late.sut.write('stdout', Buffer.from('a\n'));
    await vi.advanceTimersByTimeAsync(500);
    expect(early.sinks.record).toHaveBeenCalledTimes(1);
    expect(late.sinks.record).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(999);
    expect(late.sinks.record).toHaveBeenCalledTimes(1);
  });

  it('should resend a failed live batch without the lines the stream already holds', async () => {
    const { sut, sinks, live } = setup({ liveFlushMs: 5 });
    sinks.live.mockImplementationOnce(async (lines: LogLine[]) => {
      live.push(lines.slice(0, 2)); // a pipeline cut off half-way
      throw new Error('Connection is closed.');
    });
    sut.write('stdout', Buffer.from('1\n2\n3\n4\n'));
    await vi.advanceTimersByTimeAsync(5);
    expect(texts(live)).toEqual(['1', '2']);
    await vi.advanceTimersByTimeAsync(20);
    expect(texts(live)).toEqual(['1', '2', '3', '4']);
    expect(sinks.liveLastSeq).toHaveBeenCalledTimes(1);
  });

  it('should report a failing sink and keep its lines for the next try', async () => {
    const onError = vi.fn();
    const { sut, sinks, record } = setup({ recordFlushMs: 100, onError });
    sinks.record.mockRejectedValueOnce(new Error('pg down'));
    sut.write('stdout', Buffer.from('a\n'));
    await vi.advanceTimersByTimeAsync(100);
    expect(onError).toHaveBeenCalledWith('record', expect.any(Error));
    await vi.advanceTimersByTimeAsync(20);
    expect(texts(record)).toEqual(['a']);
  });

  it('should still deliver live lines and then throw when the record cannot be written on close', async () => {
    const { sut, sinks, live } = setup({ closeAttempts: 2 });
    sinks.record.mockRejectedValue(new Error('pg down'));
    sut.write('stdout', Buffer.from('a\n'));
    const closing = expect(sut.close()).rejects.toThrow('pg down');
    await vi.advanceTimersByTimeAsync(50);
    await closing;
    expect(texts(live)).toEqual(['a']);
    expect(sinks.record).toHaveBeenCalledTimes(2);
  });

  it('should ask to pause while a sink holds too much unsent, and to resume once it caught up', async () => {
    const onBackpressure = vi.fn();
    const { sut, sinks, live } = setup({ maxPendingBytes: 100, liveFlushMs: 5, onBackpressure });
    sinks.live.mockRejectedValue(new Error('Connection is closed.'));
    for (let i = 0; i < 10; i++) sut.write('stdout', Buffer.from(`${'x'.repeat(15)}${i}\n`));
    expect(onBackpressure.mock.calls).toEqual([[true]]);
    await vi.advanceTimersByTimeAsync(100);
    expect(onBackpressure).toHaveBeenCalledTimes(1);

    sinks.live.mockImplementation(async (lines: LogLine[]) => void live.push(lines));
    await vi.advanceTimersByTimeAsync(600);
    expect(onBackpressure.mock.calls).toEqual([[true], [false]]);
    expect(seqs(live)).toEqual(Array.from({ length: 10 }, (_, i) => i + 1));
  });

  it('should write the record before its tick once the pending lines weigh a quarter of the limit', async () => {
    const { sut, sinks, record } = setup({ maxPendingBytes: 400, recordFlushMs: 1000 });
    sut.write('stdout', Buffer.from('short\n'));
    await vi.advanceTimersByTimeAsync(5);
    expect(sinks.record).not.toHaveBeenCalled();
    for (let i = 0; i < 10; i++) sut.write('stdout', Buffer.from(`${'x'.repeat(15)}${i}\n`));
    await vi.advanceTimersByTimeAsync(5);
    expect(texts(record)).toHaveLength(11);
  });

  describe('closeWith', () => {
    it('should hand the record its last lines through the closing write, and the live sink all of them', async () => {
      const { sut, sinks, live, record } = setup({ recordFlushMs: 100 });
      sut.write('stdout', Buffer.from('a\n'));
      await vi.advanceTimersByTimeAsync(100);
      sut.write('stdout', Buffer.from('b\nc\n'));
      const last = vi.fn(async (lines: LogLine[]) => lines.map((l) => l.text).join('+'));
      const closing = sut.closeWith(last);
      await expect(closing.recorded).resolves.toBe('b+c');
      await closing.live;
      expect(texts(record)).toEqual(['a']);
      expect(sinks.record).toHaveBeenCalledTimes(1);
      expect(texts(live)).toEqual(['a', 'b', 'c']);
    });

    it('should wait for a record batch in flight, so that no line is written twice or left out', async () => {
      const { sut, sinks, record } = setup({ recordFlushMs: 10 });
      let release = () => undefined as void;
      sinks.record.mockImplementationOnce(async (lines: LogLine[]) => {
        await new Promise<void>((resolve) => (release = resolve));
        record.push(lines);
      });
      sut.write('stdout', Buffer.from('a\n'));
      await vi.advanceTimersByTimeAsync(10);
      sut.write('stdout', Buffer.from('b\n'));
      const last = vi.fn(async (lines: LogLine[]) => texts([lines]));
      const recorded = sut.closeWith(last).recorded;
      await vi.advanceTimersByTimeAsync(5);
      expect(last).not.toHaveBeenCalled();
      release();
      await expect(recorded).resolves.toEqual(['b']);
      expect(texts(record)).toEqual(['a']);
    });

    it('should try the closing write again, and reject when it keeps failing', async () => {
      const { sut } = setup({ closeAttempts: 3 });
      sut.write('stdout', Buffer.from('a\n'));
      const last = vi.fn(async () => {
        throw new Error('pg down');
      });
      const recorded = expect(sut.closeWith(last).recorded).rejects.toThrow('pg down');
      await vi.advanceTimersByTimeAsync(50);
      await recorded;
      expect(last).toHaveBeenCalledTimes(3);
      expect(last).toHaveBeenLastCalledWith([expect.objectContaining({ text: 'a' })]);
    });
  });

  describe('with an interpreter and secrets', () => {
    /** Upper-cases stdout and keeps the raw line; stderr as it is. */
    const upper: LineInterpreter = {
      line: (stream, text) => (stream === 'stdout' ? [{ text: text.toUpperCase(), raw: text }] : [{ text }]),
      end: () => [{ text: 'END' }],
    };

    it('should log what the interpreter makes of each line, with the raw line when it differs', async () => {
      const { sut, live, record } = setup();
      sut.write('stdout', Buffer.from('before\n'));
      sut.endOutput();
      sut.interpret(upper);
      sut.write('stdout', Buffer.from('abc\nDEF\n'));
      sut.write('stderr', Buffer.from('err\n'));
      sut.endOutput();
      await sut.close();
      expect(live.flat().map(({ text, raw }) => ({ text, raw }))).toEqual([
        { text: 'before', raw: undefined },
        { text: 'ABC', raw: 'abc' },
        { text: 'DEF', raw: undefined },
        { text: 'err', raw: undefined },
        { text: 'END', raw: undefined },
      ]);
      expect(record.flat()).toEqual(live.flat());
    });

    it('should mask secrets in text, raw and the worker own lines before any sink sees them', async () => {
      const { sut, live, record } = setup({ masker: new SecretMasker(['hunter2']) });
      sut.interpret(upper);
      sut.write('stdout', Buffer.from('pw hunt'));
      sut.write('stdout', Buffer.from('er2\n'));
      sut.system('failed with hunter2');
      await sut.close();
      expect(live.flat().map(({ text, raw }) => ({ text, raw }))).toEqual([
        { text: 'PW ***', raw: 'pw ***' },
        { text: 'failed with ***', raw: undefined },
      ]);
      expect(JSON.stringify(record)).not.toContain('hunter2');
    });

    it('should mask a value the interpreter decoded from an escaped form', async () => {
      const decode: LineInterpreter = {
        line: (_s, text) => [{ text: JSON.parse(text) as string, raw: text }],
        end: () => [],
      };
      const { sut, live } = setup({ masker: new SecretMasker(['a"bcd']) });
      sut.interpret(decode);
      sut.write('stdout', Buffer.from(`${JSON.stringify('x a"bcd')}\n`));
      await sut.close();
      expect(live.flat()[0]).toMatchObject({ text: 'x ***', raw: '"x ***"' });
    });

    it('should read a long raw line whole, then cap its text and raw to the line limit', async () => {
      const { sut, live } = setup({ maxLineBytes: 8 });
      sut.interpret({
        line: (_s, text) => [{ text: text.slice(1).toUpperCase(), raw: text }],
        end: () => [],
      });
      sut.write('stdout', Buffer.from(`${'x'.repeat(20)}\n`));
      await sut.close();
      expect(live.flat().map(({ text, raw }) => ({ text, raw }))).toEqual([
        { text: 'X'.repeat(8), raw: 'x'.repeat(8) },
        { text: 'X'.repeat(8), raw: undefined },
        { text: 'XXX', raw: undefined },
      ]);
    });
  });
});
