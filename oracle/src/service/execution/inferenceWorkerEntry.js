'use strict';
// The inference worker's entry point: plain JavaScript, so `new Worker()` can start it in any
// process (tsx, Vitest, plain Node 20 or 24); it registers tsx's CommonJS hooks, then loads the
// TypeScript worker.
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('tsx/cjs/api').register();
// eslint-disable-next-line @typescript-eslint/no-require-imports
require('./inferenceWorker.ts');
