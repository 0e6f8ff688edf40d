import http from 'node:http';

/**
 * A lean `text/event-stream` client on its own socket: calls onEvent(event, data, id) per event
 * (comments are skipped). Resolves once the server answered 200; `ended` settles when the stream
 * closes (by the server, or by close()).
 */
export function openSse(url, { headers = {}, onEvent }) {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent: false, headers: { accept: 'text/event-stream', ...headers } },
      (res) => {
        if (res.statusCode !== 200) {
          res.resume();
          reject(new Error(`GET ${url} → ${res.statusCode}`));
          return;
        }
        res.setEncoding('utf8');
        let buffer = '';
        res.on('data', (chunk) => {
          buffer += chunk;
          let end;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const frame = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            let event = 'message';
            let data = '';
            let id;
            for (const line of frame.split('\n')) {
              if (line.startsWith('event: ')) event = line.slice(7);
              else if (line.startsWith('data: ')) data = line.slice(6);
              else if (line.startsWith('id: ')) id = line.slice(4);
            }
            if (frame.startsWith(':') && !frame.includes('\n')) continue;
            onEvent(event, data, id);
          }
        });
        const ended = new Promise((done) => {
          res.on('close', done);
          res.on('error', done);
        });
        resolve({ ended, close: () => req.destroy() });
      },
    );
    req.on('error', reject);
  });
}
