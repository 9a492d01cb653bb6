import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inputKindOf } from './inputKind';

const MODELS = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'oracle', 'models');
const manifestOf = (name: string) => JSON.parse(fs.readFileSync(path.join(MODELS, name, 'manifest.json'), 'utf8'));

describe('the playground’s input editor per model', () => {
  it('draws for both digits models, prompts for the text model', () => {
    expect(inputKindOf(manifestOf('digits'))).toBe('digits');
    expect(inputKindOf(manifestOf('digits-lite'))).toBe('digits');
    expect(inputKindOf(manifestOf('kjv-textgen'))).toBe('text');
  });

  it('falls back to raw bytes when the manifest is missing or its input does not fit the editor', () => {
    const digits = manifestOf('digits');
    expect(inputKindOf(undefined)).toBe('raw');
    expect(inputKindOf({ ...digits, io: { ...digits.io, input: { rows: 1, cols: 65, dtype: 'int8' } } })).toBe('raw');
    expect(inputKindOf({ ...digits, preprocessing: 'Pixels, somehow' })).toBe('raw');
    const text = manifestOf('kjv-textgen');
    expect(inputKindOf({ ...text, io: { ...text.io, input: { rows: 2, cols: 32, dtype: 'int8' } } })).toBe('raw');
  });
});
