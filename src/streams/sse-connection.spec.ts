import { EventEmitter } from 'node:events';
import { ServerResponse } from 'node:http';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SseConnection, sseFrame } from './sse-connection';

/** The part of a ServerResponse the connection uses; a client that never reads keeps everything buffered. */
class FakeResponse extends EventEmitter {
  chunks: string[] = [];
  headers: Record<string, string> = {};
  ended = false;
  destroyed = false;
  writableLength = 0;
  writableNeedDrain = false;

  writeHead(_status: number, headers: Record<string, string>) {
    this.headers = headers;
  }
  flushHeaders() {}
  write(chunk: string) {
    this.chunks.push(chunk);
    this.writableLength += Buffer.byteLength(chunk);
    this.writableNeedDrain = this.writableLength > 16;
    return !this.writableNeedDrain;
  }
  end() {
    this.ended = true;
    this.emit('close');
  }
  destroy() {
    this.destroyed = true;
    this.emit('close');
  }
}

const setup = (maxBufferedBytes = 1024 * 1024) => {
  const raw = new FakeResponse();
  const sut = new SseConnection(raw as unknown as ServerResponse, { heartbeatMs: 1000, maxBufferedBytes });
  return { sut, raw };
};

describe(SseConnection.name, () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('should frame events with their id and JSON data', () => {
    const { sut, raw } = setup();
    sut.send('log', { seq: 7, text: 'a\nb' }, 7);
    sut.send('end', { status: 'succeeded', exitCode: 0 });
    expect(raw.chunks).toEqual([
      'event: log\nid: 7\ndata: {"seq":7,"text":"a\\nb"}\n\n',
      'event: end\ndata: {"status":"succeeded","exitCode":0}\n\n',
    ]);
    expect(raw.headers).toMatchObject({ 'Cache-Control': 'no-cache', 'X-Accel-Buffering': 'no' });
  });

  it('should join frames given together into writes of up to 64 KiB, and write nothing for none', () => {
    const { sut, raw } = setup(16 * 1024 * 1024);
    const small = (seq: number) => sseFrame('log', { seq }, seq);
    sut.sendFrames([small(1), small(2)]);
    sut.sendFrames([]);
    expect(raw.chunks).toEqual([small(1) + small(2)]);

    raw.chunks = [];
    const large = (seq: number) => sseFrame('log', { seq, text: 'x'.repeat(40 * 1024) }, seq);
    sut.sendFrames([large(1), large(2), small(3)]);
    expect(raw.chunks).toEqual([large(1), large(2) + small(3)]);
  });

  it('should tell whether frames fit in one turn: up to half of what a client may have waiting', () => {
    const { sut } = setup(100);
    expect(sut.fitsAtOnce(['x'.repeat(30), 'x'.repeat(20)])).toBe(true);
    expect(sut.fitsAtOnce(['x'.repeat(30), 'x'.repeat(21)])).toBe(false);
  });

  it('should send a heartbeat comment every interval until closed', () => {
    const { sut, raw } = setup();
    vi.advanceTimersByTime(3000);
    expect(raw.chunks).toEqual([': ping\n\n', ': ping\n\n', ': ping\n\n']);
    sut.close();
    vi.advanceTimersByTime(3000);
    expect(raw.chunks).toHaveLength(3);
  });

  it('should cut off a client whose unsent backlog passes the limit', () => {
    const { sut, raw } = setup(100);
    const onClose = vi.fn();
    sut.onClose(onClose);
    for (let i = 0; i < 10 && sut.isOpen; i++) sut.send('log', { text: 'x'.repeat(20) }, i);
    expect(raw.destroyed).toBe(true);
    expect(sut.isOpen).toBe(false);
    expect(onClose).toHaveBeenCalledOnce();
    sut.send('log', { text: 'late' }, 99);
    expect(raw.chunks.join('')).not.toContain('late');
  });

  it('should run close listeners once when the client goes away', () => {
    const { sut, raw } = setup();
    const onClose = vi.fn();
    sut.onClose(onClose);
    raw.emit('close');
    sut.close();
    expect(onClose).toHaveBeenCalledOnce();
    expect(raw.ended).toBe(false);
  });

  it('should resolve drained() once the client has read the backlog', async () => {
    const { sut, raw } = setup();
    sut.send('log', { text: 'x'.repeat(40) }, 1);
    let drained = false;
    const wait = sut.drained().then(() => (drained = true));
    await Promise.resolve();
    expect(drained).toBe(false);
    raw.writableNeedDrain = false;
    raw.emit('drain');
    await wait;
    expect(drained).toBe(true);
  });

  it('should write a long page of frames chunk by chunk, each after the client took the one before', async () => {
    const { sut, raw } = setup(100 * 1024);
    const large = (seq: number) => sseFrame('log', { seq, text: 'x'.repeat(40 * 1024) }, seq);
    const frames = [large(1), large(2), large(3)];
    const sent = sut.sendFramesPaced(frames);
    await Promise.resolve();
    expect(raw.chunks).toEqual([large(1)]);
    for (const written of [1, 2]) {
      raw.writableLength = 0;
      raw.writableNeedDrain = false;
      raw.emit('drain');
      await vi.waitFor(() => expect(raw.chunks).toHaveLength(written + 1));
    }
    raw.writableNeedDrain = false;
    raw.emit('drain');
    await sent;
    expect(raw.chunks).toEqual(frames);
    expect(raw.destroyed).toBe(false);
  });
});
