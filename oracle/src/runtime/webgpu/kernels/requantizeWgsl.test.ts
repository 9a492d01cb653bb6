import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { REQUANTIZE_WGSL } from './requantizeWgsl';

/** WGSL with comments dropped and whitespace collapsed. */
const normalise = (code: string) =>
  code
    .replace(/\/\/[^\n]*/g, '')
    .replace(/\s+/g, ' ')
    .trim();

describe('REQUANTIZE_WGSL', () => {
  it('is the routine docs/runtime-spec.md gives (section 4), token for token', () => {
    const spec = fs.readFileSync(path.join(__dirname, '..', '..', '..', '..', '..', 'docs', 'runtime-spec.md'), 'utf8');
    const block = /```wgsl\n([\s\S]*?)```/.exec(spec)?.[1];
    expect(block, 'the spec has a wgsl block').toBeDefined();
    expect(normalise(REQUANTIZE_WGSL)).toBe(normalise(block!));
  });
});
