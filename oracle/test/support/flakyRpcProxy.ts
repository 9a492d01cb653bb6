import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { seededRandom } from '../../src/runtime/testing/randomGraph';

/** A JSON-RPC proxy that loses and delays responses (a fault drill's bad network). */
export interface FlakyRpcProxy {
  url: string;
  /** Requests answered, and requests whose connection was dropped without an answer. */
  counts(): { answered: number; dropped: number };
  stop(): Promise<void>;
}

/**
 * Forwards each HTTP JSON-RPC request to `target`, but drops a seeded fraction `dropRate` of them
 * (the connection is destroyed after the request reached the chain, so a transaction may be sent
 * without its answer arriving) and delays every answer by up to `maxDelayMs`.
 */
export async function startFlakyRpcProxy(
  target: string,
  options: { dropRate: number; maxDelayMs: number; seed: number },
): Promise<FlakyRpcProxy> {
  const random = seededRandom(options.seed);
  let answered = 0;
  let dropped = 0;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const drop = random() < options.dropRate;
      const delay = random() * options.maxDelayMs;
      void fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      })
        .then(async (upstream) => {
          const body = await upstream.text();
          await new Promise((r) => setTimeout(r, delay));
          if (drop) {
            dropped += 1;
            req.socket.destroy();
            return;
          }
          answered += 1;
          res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(body);
        })
        .catch(() => req.socket.destroy());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    counts: () => ({ answered, dropped }),
    stop: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
