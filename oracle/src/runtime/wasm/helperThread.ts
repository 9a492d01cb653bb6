/**
 * The second thread of the WebAssembly backend: a worker (Node `worker_threads` or a browser Web
 * Worker) that instantiates the same kernel on the same shared memory and runs half of each large
 * product. Jobs travel through a control block at bytes 0…127 of that memory, not through messages
 * (a message costs tens of microseconds; a product of 1024 × 1024 takes about 35):
 *
 *   int32 [0] job number (−1 = stop) · [1] last job done · [2] 1 once the helper is ready
 *         [3] 1 if the last job failed · [4…17] the 14 matmul arguments · [18] 1 while it sleeps
 *
 * The helper spins briefly after each job (back-to-back products stay cheap), then sleeps in
 * `Atomics.wait`. The caller splits work only once the helper reports ready, so a slow or failed
 * start never blocks it.
 */

import { RuntimeError } from '../errors';

const SEQ = 0;
const DONE = 1;
const READY = 2;
const FAILED = 3;
const ARGS = 4;
const SLEEPING = 18;
/** Bytes of the control block at the start of the shared memory. */
export const CONTROL_BYTES = 128;

/** The worker's source: plain JavaScript, the same in Node and in browsers. */
const HELPER_SOURCE = `
const run = ({ module, memory }) => {
  const kernel = new WebAssembly.Instance(module, { env: { memory } }).exports;
  const ctl = new Int32Array(memory.buffer, 0, ${CONTROL_BYTES / 4});
  let seen = 0;
  Atomics.store(ctl, ${READY}, 1);
  for (;;) {
    const spinUntil = performance.now() + 2;
    while (Atomics.load(ctl, ${SEQ}) === seen) {
      if (performance.now() > spinUntil) {
        // announce the sleep, then sleep only if no job came in between (no lost wake-up)
        Atomics.store(ctl, ${SLEEPING}, 1);
        Atomics.wait(ctl, ${SEQ}, seen, 50);
        Atomics.store(ctl, ${SLEEPING}, 0);
      }
    }
    seen = Atomics.load(ctl, ${SEQ});
    if (seen < 0) return;
    try {
      const a = ${ARGS};
      kernel.matmul(ctl[a], ctl[a + 1], ctl[a + 2], ctl[a + 3], ctl[a + 4], ctl[a + 5], ctl[a + 6],
        ctl[a + 7], ctl[a + 8], ctl[a + 9], ctl[a + 10], ctl[a + 11], ctl[a + 12], ctl[a + 13]);
      Atomics.store(ctl, ${FAILED}, 0);
    } catch {
      Atomics.store(ctl, ${FAILED}, 1);
    }
    Atomics.store(ctl, ${DONE}, seen); // the caller spins on it: no notify needed
  }
};
if (typeof require === 'function') require('node:worker_threads').parentPort.once('message', run);
else self.onmessage = (event) => run(event.data);
`;

/** A running helper thread. */
export interface Helper {
  /** Whether the helper has started and can take jobs. */
  ready(): boolean;
  /** Hands the helper one kernel call (the 14 matmul arguments). */
  start(args: readonly number[]): void;
  /**
   * Waits for the job handed over by `start`; throws if the kernel trapped. Returns whether this
   * thread had to wait (the helper was still working when it got here).
   */
  wait(): boolean;
  stop(): void;
}

interface NodeWorker {
  postMessage(value: unknown): void;
  unref(): void;
  terminate(): Promise<number>;
}

function spawn(): { postMessage(value: unknown): void; terminate(): void } | undefined {
  const getBuiltin = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process
    ?.getBuiltinModule;
  if (getBuiltin) {
    const { Worker } = getBuiltin('node:worker_threads') as {
      Worker: new (source: string, options: { eval: true }) => NodeWorker;
    };
    const worker = new Worker(HELPER_SOURCE, { eval: true });
    worker.unref(); // an idle helper never keeps the process alive
    return { postMessage: (v) => worker.postMessage(v), terminate: () => void worker.terminate() };
  }
  if (typeof Worker === 'function' && typeof Blob === 'function') {
    const url = URL.createObjectURL(new Blob([HELPER_SOURCE], { type: 'text/javascript' }));
    const worker = new Worker(url);
    URL.revokeObjectURL(url);
    return worker;
  }
  return undefined;
}

/** Starts a helper on `memory` (shared) running `module`; undefined where workers are unavailable. */
export function startHelper(module: WebAssembly.Module, memory: WebAssembly.Memory): Helper | undefined {
  const worker = spawn();
  if (!worker) return undefined;
  worker.postMessage({ module, memory });
  const ctl = new Int32Array(memory.buffer, 0, CONTROL_BYTES / 4);
  let job = 0;
  return {
    ready: () => Atomics.load(ctl, READY) === 1,
    start(args) {
      ctl.set(args, ARGS);
      job++;
      Atomics.store(ctl, SEQ, job);
      if (Atomics.load(ctl, SLEEPING) === 1) Atomics.notify(ctl, SEQ); // a spinning helper sees it
    },
    wait() {
      const waited = Atomics.load(ctl, DONE) !== job;
      while (Atomics.load(ctl, DONE) !== job) {
        // spin: the helper's half takes about as long as ours (Atomics.wait is banned on a
        // browser's main thread)
      }
      if (Atomics.load(ctl, FAILED) === 1) throw new RuntimeError('BACKEND_FAILED', 'the wasm helper thread trapped');
      return waited;
    },
    stop() {
      Atomics.store(ctl, SEQ, -1);
      Atomics.notify(ctl, SEQ);
      worker.terminate();
    },
  };
}
