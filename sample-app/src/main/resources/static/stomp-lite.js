// A minimal STOMP 1.2 client over a browser WebSocket: CONNECT, SUBSCRIBE, SEND, MESSAGE,
// ERROR, DISCONNECT. Enough for Specter's signaling; no heart-beats, no transactions, no acks.
// Written for the Specter sample (Apache-2.0, like the rest of the project).
(function (global) {
  'use strict';

  const NUL = '\u0000';

  function escapeHeader(value) {
    return String(value).replace(/\\/g, '\\\\').replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/:/g, '\\c');
  }

  function unescapeHeader(value) {
    return value.replace(/\\(.)/g, (match, c) => ({ '\\': '\\', r: '\r', n: '\n', c: ':' }[c] ?? match));
  }

  function encodeFrame(command, headers, body) {
    // STOMP 1.2: CONNECT frames are not escaped, every other frame is.
    const escape = command === 'CONNECT' ? String : escapeHeader;
    let frame = command + '\n';
    for (const [name, value] of Object.entries(headers)) {
      frame += escape(name) + ':' + escape(value) + '\n';
    }
    return frame + '\n' + (body || '') + NUL;
  }

  function decodeFrame(text) {
    const headerEnd = text.indexOf('\n\n');
    const head = (headerEnd >= 0 ? text.substring(0, headerEnd) : text).split('\n');
    const command = head.shift();
    const headers = {};
    for (const line of head) {
      const colon = line.indexOf(':');
      if (colon > 0) {
        const name = unescapeHeader(line.substring(0, colon));
        if (!(name in headers)) {
          headers[name] = unescapeHeader(line.substring(colon + 1));
        }
      }
    }
    const body = headerEnd >= 0 ? text.substring(headerEnd + 2) : '';
    return { command, headers, body };
  }

  class StompLite {
    constructor(url) {
      this.url = url;
      this.subscriptions = new Map();
      this.nextId = 0;
      this.onerror = (frame) => console.error('STOMP ERROR', frame.headers.message, frame.body);
      this.onclose = () => {};
    }

    connect(headers = {}) {
      return new Promise((resolve, reject) => {
        const ws = new WebSocket(this.url, ['v12.stomp', 'v11.stomp']);
        this.ws = ws;
        let connected = false;
        ws.onopen = () => ws.send(encodeFrame('CONNECT',
          Object.assign({ 'accept-version': '1.2,1.1', host: location.hostname, 'heart-beat': '0,0' }, headers)));
        ws.onmessage = (event) => {
          for (const chunk of String(event.data).split(NUL)) {
            const text = chunk.replace(/^[\r\n]+/, '');
            if (!text) {
              continue; // heart-beat or the end of the last frame
            }
            const frame = decodeFrame(text);
            if (frame.command === 'CONNECTED') {
              connected = true;
              resolve(frame);
            }
            else if (frame.command === 'MESSAGE') {
              const handler = this.subscriptions.get(frame.headers.subscription);
              if (handler) {
                handler(frame);
              }
            }
            else if (frame.command === 'ERROR') {
              if (!connected) {
                reject(new Error(frame.headers.message || 'STOMP ERROR'));
              }
              this.onerror(frame);
            }
          }
        };
        ws.onerror = () => {
          if (!connected) {
            reject(new Error('WebSocket error'));
          }
        };
        ws.onclose = () => this.onclose();
      });
    }

    subscribe(destination, handler) {
      const id = 'sub-' + (this.nextId++);
      this.subscriptions.set(id, handler);
      this.ws.send(encodeFrame('SUBSCRIBE', { id, destination, ack: 'auto' }));
      return id;
    }

    sendJson(destination, object) {
      const body = JSON.stringify(object);
      this.ws.send(encodeFrame('SEND', {
        destination,
        'content-type': 'application/json',
        'content-length': new TextEncoder().encode(body).length
      }, body));
    }

    disconnect() {
      if (this.ws && this.ws.readyState === WebSocket.OPEN) {
        this.ws.send(encodeFrame('DISCONNECT', {}));
        this.ws.close();
      }
    }
  }

  global.StompLite = StompLite;
})(window);
