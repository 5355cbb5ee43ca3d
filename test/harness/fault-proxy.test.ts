/**
 * The fault proxy against a plain echo-like server that records what reached it: each fault must
 * stop the stream exactly where it says and end the connection the way it says, or the
 * fault-injection tests built on it would test something else than they claim.
 */
import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { startFaultProxy, type Fault, type FaultProxy } from './fault-proxy.ts';

/** Echoes what it gets and records it; `greeting` is sent first on every connection. */
let received: Array<{ data: Buffer }> = [];
let greeting = Buffer.alloc(0);
let echo: net.Server;
let echoPort: number;

beforeAll(async () => {
  echo = net.createServer((socket) => {
    const record = { data: Buffer.alloc(0) };
    received.push(record);
    socket.on('error', () => undefined);
    if (greeting.length) socket.write(greeting);
    socket.on('data', (d: Buffer) => {
      record.data = Buffer.concat([record.data, d]);
      socket.write(d);
    });
    socket.on('end', () => socket.end());
  });
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', () => r()));
  echoPort = (echo.address() as net.AddressInfo).port;
});
afterAll(() => new Promise<void>((r) => echo.close(() => r())));

let proxy: FaultProxy | undefined;
afterEach(async () => {
  await proxy?.close();
  proxy = undefined;
  received = [];
  greeting = Buffer.alloc(0);
});

async function through(fault?: Fault): Promise<FaultProxy> {
  proxy = await startFaultProxy({ host: '127.0.0.1', port: echoPort }, fault);
  return proxy;
}

interface Session {
  socket: net.Socket;
  /** Everything the client got back so far. */
  got(): string;
  /** How the connection ended: 'end' (FIN), an error code (ECONNRESET), or 'open' after waitMs. */
  ending(waitMs?: number): Promise<string>;
}

function connect(p: FaultProxy): Promise<Session> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(p.port, p.host);
    let got = '';
    let ended: string | undefined;
    const waiters: Array<(how: string) => void> = [];
    const finish = (how: string) => {
      ended ??= how;
      for (const w of waiters.splice(0)) w(ended);
    };
    socket.on('data', (d) => (got += d));
    socket.on('end', () => finish('end'));
    socket.on('error', (e: NodeJS.ErrnoException) => finish(e.code ?? 'error'));
    socket.on('close', () => finish('close'));
    socket.once('connect', () =>
      resolve({
        socket,
        got: () => got,
        ending: (waitMs = 5_000) =>
          new Promise((r) => {
            if (ended) return r(ended);
            const t = setTimeout(() => r('open'), waitMs);
            waiters.push((how) => (clearTimeout(t), r(how)));
          }),
      }),
    );
    socket.once('error', reject);
  });
}

const settle = (ms = 150) => new Promise((r) => setTimeout(r, ms));

describe('startFaultProxy', () => {
  test('without a fault it forwards both ways and passes a normal close on', async () => {
    const p = await through();
    const s = await connect(p);
    s.socket.write('hello');
    await settle();
    expect(s.got()).toBe('hello');
    s.socket.end();
    expect(await s.ending()).toBe('end');
    expect(p.hasFired()).toBe(false);
  });

  test('cut after N client→server bytes: exactly N reach the server, the client sees a FIN', async () => {
    const p = await through({ trigger: { afterBytes: 4, direction: 'up' }, action: 'cut' });
    const s = await connect(p);
    s.socket.write('ab');
    await settle();
    s.socket.write('cdefgh');
    expect(await s.ending()).toBe('end');
    await settle();
    expect(received[0].data.toString()).toBe('abcd');
    expect(p.hasFired()).toBe(true);
  });

  test('reset after N server→client bytes: the client gets N bytes and then ECONNRESET', async () => {
    greeting = Buffer.from('0123456789');
    const p = await through({ trigger: { afterBytes: 3, direction: 'down' }, action: 'reset' });
    const s = await connect(p);
    expect(await s.ending()).toBe('ECONNRESET');
    expect(s.got()).toBe('012');
  });

  test('a pattern split across writes is found; the bytes before it pass, the pattern never does', async () => {
    const p = await through({ trigger: { pattern: 'PATCH /v2/' }, action: 'reset' });
    const s = await connect(p);
    s.socket.write('GET / HTTP/1.1\r\n\r\nPAT');
    await settle();
    s.socket.write('CH /v2/x/blobs/uploads/1 HTTP/1.1\r\n');
    expect(await s.ending()).toBe('ECONNRESET');
    await settle();
    expect(received[0].data.toString()).toBe('GET / HTTP/1.1\r\n\r\nPAT');
  });

  test('after: the fault lands that many bytes past the start of the pattern, across later writes', async () => {
    const p = await through({ trigger: { pattern: 'PATCH ', after: 10 }, action: 'cut' });
    const s = await connect(p);
    s.socket.write('GET / PATCH /v2');
    await settle();
    s.socket.write('/abcdefgh');
    expect(await s.ending()).toBe('end');
    await settle();
    expect(received[0].data.toString()).toBe('GET / PATCH /v2/');
  });

  test('stall: nothing more is forwarded and the client is left waiting on an open socket', async () => {
    const p = await through({ trigger: { pattern: 'SELECT' }, action: 'stall' });
    const s = await connect(p);
    s.socket.write('one SELECT two');
    await p.fired;
    s.socket.write('three');
    expect(await s.ending(500)).toBe('open');
    expect(received[0].data.toString()).toBe('one ');
    // The server echoed 'one ', but nothing comes back through a stalled link.
    expect(s.got()).toBe('');
    p.dropStalled();
    expect(await s.ending()).toBe('ECONNRESET');
  });

  test('a delay fires on an idle connection; the fault fires once and later connections pass', async () => {
    const p = await through({ trigger: { afterMs: 200 }, action: 'cut' });
    const first = await connect(p);
    expect(await first.ending()).toBe('end');
    const second = await connect(p);
    second.socket.write('still works');
    await settle(400);
    expect(second.got()).toBe('still works');
    expect(await second.ending(100)).toBe('open');
    second.socket.destroy();
  });

  test('arm() sets a new fault after the first one fired', async () => {
    const p = await through({ trigger: { afterBytes: 1, direction: 'up' }, action: 'cut' });
    const first = await connect(p);
    first.socket.write('xy');
    expect(await first.ending()).toBe('end');
    p.arm({ trigger: { pattern: 'z' }, action: 'cut' });
    expect(p.hasFired()).toBe(false);
    const second = await connect(p);
    second.socket.write('abz');
    expect(await second.ending()).toBe('end');
    await settle();
    expect(received[1].data.toString()).toBe('ab');
  });
});
