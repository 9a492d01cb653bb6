import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeTextOutput, encodeTextPrompt } from '../../oracle/src/client/textCodec';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { createWasmBackend, runModel, toHex } from '../../oracle/src/runtime';
import { KJV_VERSES } from './extractKjv';
import { heldOutAccuracy, loadCorpus, TEXT_MODEL, trainTextMlp } from './trainText';

const dir = path.join(MODELS_DIR, TEXT_MODEL.name);
/** The page that shows the text model's generations (docs/runtime.md). */
const RUNTIME_DOC = path.join(__dirname, '..', '..', 'docs', 'runtime.md');

describe('text model (kjv-textgen)', () => {
  const pkg = readModelPackage(dir);
  const { train, heldOut } = loadCorpus();

  it('trains from the committed corpus: every verse, one in twenty held out', () => {
    expect(train.length + heldOut.length).toBe(KJV_VERSES);
    expect(heldOut.length).toBe(Math.floor(KJV_VERSES / TEXT_MODEL.heldOutEvery));
    expect(heldOut[0]).toMatch(/^[a-z ,.:;?!'-]+$/);
  });

  it('trains deterministically: two short runs from the seed give the same weights', () => {
    const config = { ...TEXT_MODEL, steps: 20 };
    const a = trainTextMlp(config, train.slice(0, 2000)).m;
    const b = trainTextMlp(config, train.slice(0, 2000)).m;
    expect(Buffer.from(a.w1.buffer, a.w1.byteOffset, a.w1.byteLength)).toEqual(
      Buffer.from(b.w1.buffer, b.w1.byteOffset, b.w1.byteLength),
    );
    expect([...a.embed]).toEqual([...b.embed]);
  });

  it('is a committed package of at most 2 MB whose declared int8 accuracy the runtime reproduces', async () => {
    const bytes = fs.statSync(path.join(dir, 'params.bin')).size + fs.statSync(path.join(dir, 'manifest.json')).size;
    expect(bytes).toBeLessThanOrEqual(2 * 1024 * 1024);
    const accuracy = await heldOutAccuracy(pkg, heldOut);
    expect(accuracy).toBe(pkg.manifest.metrics?.accuracyInt8);
    expect(accuracy).toBeGreaterThan(0.5);
    expect(pkg.manifest.io.output.cols).toBe(TEXT_MODEL.outputChars);
  });

  it('decodes greedily inside the graph: the output is the step network applied again and again', async () => {
    const input = encodeTextPrompt('And God said', TEXT_MODEL.context);
    const trace = await runModel(pkg, input, createWasmBackend());
    // each step's argmax (slot) is the character the output holds at that position
    const argmaxSlots = pkg.graph.flatMap((d, i) => (d.op === 'argmax' ? [i + 1] : []));
    expect(argmaxSlots).toHaveLength(TEXT_MODEL.outputChars);
    const vocab = pkg.params[5]!.data;
    const generated = argmaxSlots.map((slot) => vocab[trace.slots[slot]!.data[0]!]!);
    expect([...trace.output]).toEqual(generated);
    const reference = await runModel(pkg, input);
    expect(toHex(trace.finalStateRoot)).toBe(toHex(reference.finalStateRoot));
  });

  it('reads as text, and docs/runtime.md shows exactly what the package generates', async () => {
    const readme = fs.readFileSync(RUNTIME_DOC, 'utf8');
    const section = readme.slice(readme.indexOf('## The text model'), readme.indexOf('## Backends'));
    const rows = [...section.matchAll(/^\| `(.+?)` +\| `(.*?)` +\|$/gm)];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    const known = new Set(train.flatMap((verse) => verse.split(/[ ,.:;?!]+/)));
    for (const [, prompt, shown] of rows) {
      const trace = await runModel(pkg, encodeTextPrompt(prompt!, TEXT_MODEL.context), createWasmBackend());
      const text = decodeTextOutput(trace.output);
      expect(text.trim(), prompt).toBe(shown);
      // every complete word (the last may be cut at 64 characters) is a word of the corpus
      const words = text.split(/[ ,.:;?!]+/).filter(Boolean);
      const complete = text.length === TEXT_MODEL.outputChars ? words.slice(0, -1) : words;
      expect(complete.length, prompt).toBeGreaterThan(0);
      for (const word of complete) expect(known.has(word), `${prompt}: ${word}`).toBe(true);
    }
  });
});
