/**
 * A TCP proxy on loopback that holds every chunk for `oneWayMs` in each direction, so a request and
 * its answer cost 2 x oneWayMs more than on localhost: a runner talking to a cloud database. Order
 * is kept per direction (each chunk is released no earlier than the one before it). Loopback only,
 * both ends, and it stops itself after `lifetimeMs` so a crashed bench never leaves it listening.
 * It also counts the client's writes (≈ round trips the client waits on).
 */
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface DelayProxy {
  port: number;
  /** Client → server chunks forwarded so far. */
  writes(): number;
  stop(): Promise<void>;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1']);

export async function startDelayProxy(opts: { upstreamPort: number; upstreamHost?: string; oneWayMs: number; lifetimeMs?: number }): Promise<DelayProxy> {
  const upstreamHost = opts.upstreamHost ?? '127.0.0.1';
  if (!LOOPBACK.has(upstreamHost)) throw new Error(`delay proxy: upstream ${upstreamHost} is not loopback`);
  let writes = 0;
  const sockets = new Set<Socket>();
  /** Forwards `from`'s chunks to `to`, each `oneWayMs` after it arrived, in arrival order. */
  const pipeDelayed = (from: Socket, to: Socket, count: boolean) => {
    let releaseAt = 0;
    from.on('data', (chunk: Buffer) => {
      if (count) writes++;
      const due = Math.max(performance.now() + opts.oneWayMs, releaseAt);
      releaseAt = due;
      setTimeout(() => {
        if (!to.destroyed) to.write(chunk);
      }, due - performance.now());
    });
    // The end travels as late as the data before it.
    from.on('end', () => setTimeout(() => to.end(), Math.max(0, releaseAt - performance.now())));
  };
  const server = createServer((client) => {
    const upstream = connect(opts.upstreamPort, upstreamHost);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.setNoDelay(true);
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
      s.on('close', () => sockets.delete(s));
    }
    pipeDelayed(client, upstream, true);
    pipeDelayed(upstream, client, false);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  let stopped: Promise<void> | undefined;
  const stop = () =>
    (stopped ??= new Promise<void>((resolve) => {
      clearTimeout(deadline);
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    }));
  const deadline = setTimeout(() => void stop(), opts.lifetimeMs ?? 600_000);
  deadline.unref();
  return { port: (server.address() as AddressInfo).port, writes: () => writes, stop };
}
