import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { compileWasmModules } from './buildWasm';

describe('buildWasm', () => {
  it('every committed wasm module is a fresh compile of its .wat source', async () => {
    for (const [file, ts] of await compileWasmModules()) expect(fs.readFileSync(file, 'utf8'), file).toBe(ts);
  });
});
