import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { WASM_DIR, compileMatmulModule } from './buildWasm';

describe('buildWasm', () => {
  it('the committed module is a fresh compile of matmul.wat', async () => {
    expect(fs.readFileSync(path.join(WASM_DIR, 'matmulModule.ts'), 'utf8')).toBe(await compileMatmulModule());
  });
});
