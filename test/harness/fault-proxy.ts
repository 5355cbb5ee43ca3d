/**
 * A loopback TCP proxy that breaks one connection on purpose, for fault-injection tests: in front
 * of a real PostgreSQL or registry, it forwards bytes both ways until a chosen point, then
 *  - `stall`: stops forwarding in both directions and keeps both sockets open (a network that
 *    silently drops packets; neither side learns anything until its own timeout),
 *  - `reset`: sends an RST to both sides (socket.resetAndDestroy),
 *  - `cut`: closes both sides cleanly (FIN), as a proxy or server going away would.
 * The chosen point is after N bytes in one direction, where a byte pattern first appears in the
 * client→server stream (the bytes before it are forwarded, the pattern itself never is), or a
 * delay after a connection opened. A fault fires once, on the first connection that reaches the
 * point; later connections pass through, so a re-run through the same proxy shows recovery.
 */
import net from 'node:net';

export type FaultAction = 'stall' | 'reset' | 'cut';

export type FaultTrigger =
  /** After this many bytes in `direction` (up = client→server, down = server→client) on one connection. */
  | { afterBytes: number; direction: 'up' | 'down' }
  /**
   * At the first occurrence of this byte pattern in the client→server stream: before it, or
   * `after` bytes past its start (e.g. into the body of the request it begins).
   */
  | { pattern: string | Buffer; after?: number }
  /** This long after a connection was opened. */
  | { afterMs: number };

export interface Fault {
  trigger: FaultTrigger;
  action: FaultAction;
}

export interface FaultProxy {
  host: string;
  port: number;
  /** host:port, for URLs and image references. */
  address: string;
  /** Resolves when the fault has fired. */
  fired: Promise<void>;
  hasFired(): boolean;
  /** Arms a new fault (or none), e.g. between a faulted run and a clean re-run. */
  arm(fault: Fault | undefined): void;
  /**
   * Ends the stalled connections (with an RST to the server side), as a server's TCP keepalive
   * would eventually: until then the server still sees a live session (and its locks).
   */
  dropStalled(): void;
  close(): Promise<void>;
}

interface Pair {
  client: net.Socket;
  server: net.Socket;
  up: number;
  down: number;
  /** The last bytes of the client→server stream, so a pattern split across chunks is found. */
  tail: Buffer;
  broken: boolean;
  timer?: NodeJS.Timeout;
  /** Client→server bytes still to forward before the fault, once its pattern was seen here. */
  countdown?: number;
}

export async function startFaultProxy(target: { host: string; port: number }, fault?: Fault): Promise<FaultProxy> {
  let armed = fault;
  let fired = false;
  let onFired!: () => void;
  let firedPromise = new Promise<void>((r) => (onFired = r));
  const pairs = new Set<Pair>();
  const stalled = new Set<Pair>();

  const breakPair = (pair: Pair, action: FaultAction) => {
    pair.broken = true;
    pair.countdown = undefined;
    clearTimeout(pair.timer);
    armed = undefined;
    fired = true;
    onFired();
    if (action === 'stall') {
      // Not reading means not forwarding, and a FIN from either side goes unseen, as on a dead link.
      pair.client.pause();
      pair.server.pause();
      stalled.add(pair);
    } else if (action === 'reset') {
      // Bytes forwarded just before an RST can make Linux report the RST as a plain EOF to the
      // reader (the socket is marked done before its error is read): let them land first.
      setTimeout(() => {
        pair.client.resetAndDestroy();
        pair.server.resetAndDestroy();
      }, 50);
    } else {
      pair.client.end();
      pair.server.end();
    }
  };

  /** Forwards a chunk, or the part of it before the fault's point, and fires the fault there. */
  const forward = (pair: Pair, chunk: Buffer, direction: 'up' | 'down') => {
    if (pair.broken) return;
    const to = direction === 'up' ? pair.server : pair.client;
    const trigger = armed?.trigger;
    let cutAt: number | undefined;
    const counting = [...pairs].find((p) => p.countdown !== undefined);
    if (counting) {
      // The pattern was seen on one connection: the fault is that connection's.
      if (counting === pair && direction === 'up') {
        if (chunk.length >= pair.countdown!) cutAt = pair.countdown;
        else pair.countdown! -= chunk.length;
      }
    } else if (trigger && 'afterBytes' in trigger && trigger.direction === direction) {
      const sent = direction === 'up' ? pair.up : pair.down;
      if (sent + chunk.length >= trigger.afterBytes) cutAt = Math.max(0, trigger.afterBytes - sent);
    } else if (trigger && 'pattern' in trigger && direction === 'up') {
      const pattern = Buffer.from(trigger.pattern);
      const at = Buffer.concat([pair.tail, chunk]).indexOf(pattern);
      if (at >= 0) {
        const left = Math.max(0, at - pair.tail.length + (trigger.after ?? 0));
        if (left <= chunk.length) cutAt = left;
        else pair.countdown = left - chunk.length;
      } else pair.tail = pattern.length > 1 ? Buffer.concat([pair.tail, chunk]).subarray(-(pattern.length - 1)) : Buffer.alloc(0);
    }
    const part = cutAt === undefined ? chunk : chunk.subarray(0, cutAt);
    if (direction === 'up') pair.up += part.length;
    else pair.down += part.length;
    if (part.length > 0) to.write(part);
    if (cutAt !== undefined) breakPair(pair, armed!.action);
  };

  const server = net.createServer((client) => {
    const upstream = net.connect(target.port, target.host);
    const pair: Pair = { client, server: upstream, up: 0, down: 0, tail: Buffer.alloc(0), broken: false };
    pairs.add(pair);
    const trigger = armed?.trigger;
    if (trigger && 'afterMs' in trigger) pair.timer = setTimeout(() => armed && !pair.broken && breakPair(pair, armed.action), trigger.afterMs);
    client.on('data', (d: Buffer) => forward(pair, d, 'up'));
    upstream.on('data', (d: Buffer) => forward(pair, d, 'down'));
    // A side that closes normally closes the other one, as a transparent proxy does.
    client.on('end', () => !pair.broken && upstream.end());
    upstream.on('end', () => !pair.broken && client.end());
    const gone = () => {
      clearTimeout(pair.timer);
      if (stalled.has(pair)) return;
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    for (const s of [client, upstream]) {
      s.on('error', () => undefined);
      s.on('close', gone);
    }
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const port = (server.address() as net.AddressInfo).port;

  const dropStalled = () => {
    for (const pair of stalled) {
      stalled.delete(pair);
      pair.server.resetAndDestroy();
      pair.client.resetAndDestroy();
      pairs.delete(pair);
    }
  };

  return {
    host: '127.0.0.1',
    port,
    address: `127.0.0.1:${port}`,
    get fired() {
      return firedPromise;
    },
    hasFired: () => fired,
    arm(next) {
      armed = next;
      if (fired) {
        fired = false;
        firedPromise = new Promise<void>((r) => (onFired = r));
      }
    },
    dropStalled,
    async close() {
      dropStalled();
      for (const pair of pairs) {
        pair.client.destroy();
        pair.server.destroy();
      }
      pairs.clear();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}
