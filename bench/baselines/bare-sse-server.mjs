// The B3 baseline: a bare Node `http` SSE server following the same Redis streams as Agented's
// API: one XREAD BLOCK over every followed stream (concrete last ids), fanned out to every client
// of that stream, framed like Agented's `log` events. Clients get the lines written after they
// connected (no replay, no auth, no status events).
import http from 'node:http';
import Redis from 'ioredis';

const { PORT, REDIS_URL, STREAM_PREFIX } = process.env;
const followers = new Map(); // stream key → Set<ServerResponse>
const lastIds = new Map(); // stream key → last id read
const redis = new Redis(REDIS_URL);

const server = http.createServer((req, res) => {
  const match = /^\/api\/executions\/([^/]+)\/stream$/.exec(req.url ?? '');
  if (!match) return res.writeHead(404).end();
  const key = `${STREAM_PREFIX}${match[1]}`;
  res.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  res.flushHeaders();
  let set = followers.get(key);
  if (!set) {
    followers.set(key, (set = new Set()));
    lastIds.set(key, '$');
  }
  set.add(res);
  res.on('close', () => set.delete(res));
});

async function readLoop() {
  for (;;) {
    if (lastIds.size === 0) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      continue;
    }
    // A short block so that newly followed streams join the next read soon.
    const result = await redis.xread(
      'COUNT',
      500,
      'BLOCK',
      100,
      'STREAMS',
      ...lastIds.keys(),
      ...lastIds.values(),
    );
    for (const [key, entries] of result ?? []) {
      lastIds.set(key, entries[entries.length - 1][0]);
      let chunk = '';
      for (const [id, fields] of entries) {
        const f = {};
        for (let i = 0; i + 1 < fields.length; i += 2) f[fields[i]] = fields[i + 1];
        if (f.k !== 'log') continue;
        const seq = Number(id.slice(0, id.indexOf('-')));
        chunk += `event: log\nid: ${seq}\ndata: ${JSON.stringify({ seq, stream: f.s, text: f.t, ts: new Date(Number(f.ts)).toISOString() })}\n\n`;
      }
      if (chunk) for (const res of followers.get(key) ?? []) res.write(chunk);
    }
  }
}

server.listen(Number(PORT), '127.0.0.1', () => console.log('bare SSE server listening'));
void readLoop();
process.once('SIGTERM', () => process.exit(0));
