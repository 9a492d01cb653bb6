/**
 * Trains the digits MLP (64 → 32 ReLU → 10) in plain TypeScript on the UCI optical digits data,
 * quantises it to the runtime's integer ops and writes the package to `oracle/models/digits/`.
 * Deterministic: the same seed gives the same bytes. Run: `npx tsx scripts/training/trainDigits.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { loadPackage, runModel, type Tensor } from '../../oracle/src/runtime';
import { buildPackage, describeOp as op } from '../../oracle/src/runtime';
import { DIGITS_PREPROCESSING } from '../../oracle/src/preprocessing/digitFeatures';
import { writePackage } from './writePackage';
import { mulberry32, shuffle } from './prng';
import { multiplierFor, quantiseBias, quantiseSymmetric } from './quantise';

const SEED = 20261127;
const EPOCHS = 150;
const BATCH = 32;
const LEARNING_RATE = 0.05;

/** A digits model to train: its package name, hidden width and developer (bound into modelHash). */
export interface DigitsVariant {
  name: string;
  hidden: number;
  developer: string;
}

/**
 * The bundled digits models. Their developers are Hardhat dev accounts 1 and 2, who launch them in
 * the `npm start` demo.
 */
export const DIGITS_VARIANTS: DigitsVariant[] = [
  { name: 'digits', hidden: 32, developer: '0x70997970C51812dc3A010C7d01b50e0d17dc79C8' },
  { name: 'digits-lite', hidden: 16, developer: '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC' },
];
const MODELS_DIR = path.join(__dirname, '..', '..', 'oracle', 'models');

export interface Sample {
  pixels: number[];
  label: number;
}

export function loadDigits(): Sample[] {
  const csv = zlib.gunzipSync(fs.readFileSync(path.join(__dirname, 'data', 'digits.csv.gz'))).toString('utf8');
  return csv
    .trim()
    .split('\n')
    .map((line) => {
      const values = line.split(',').map((v) => Math.round(Number(v)));
      return { pixels: values.slice(0, 64), label: values[64]! };
    });
}

/** A held-out split: 20 % of a seeded shuffle. */
export function splitDigits(samples: Sample[]): { train: Sample[]; test: Sample[] } {
  const shuffled = shuffle(samples, mulberry32(SEED));
  const cut = Math.floor(shuffled.length * 0.8);
  return { train: shuffled.slice(0, cut), test: shuffled.slice(cut) };
}

interface FloatMlp {
  hidden: number;
  w1: Float64Array; // [hidden, 64]
  b1: Float64Array;
  w2: Float64Array; // [10, hidden]
  b2: Float64Array;
}

function forward(m: FloatMlp, x: number[]): { h: Float64Array; logits: Float64Array } {
  const HIDDEN = m.hidden;
  const h = new Float64Array(HIDDEN);
  for (let o = 0; o < HIDDEN; o++) {
    let s = m.b1[o]!;
    for (let j = 0; j < 64; j++) s += m.w1[o * 64 + j]! * (x[j]! / 16);
    h[o] = Math.max(0, s);
  }
  const logits = new Float64Array(10);
  for (let o = 0; o < 10; o++) {
    let s = m.b2[o]!;
    for (let j = 0; j < HIDDEN; j++) s += m.w2[o * HIDDEN + j]! * h[j]!;
    logits[o] = s;
  }
  return { h, logits };
}

function argmaxOf(v: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < v.length; i++) if (v[i]! > v[best]!) best = i;
  return best;
}

function train(samples: Sample[], HIDDEN: number): FloatMlp {
  const random = mulberry32(SEED + 1);
  const init = (n: number, fanIn: number, fanOut: number) =>
    Float64Array.from({ length: n }, () => (random() * 2 - 1) * Math.sqrt(6 / (fanIn + fanOut)));
  const m: FloatMlp = {
    hidden: HIDDEN,
    w1: init(HIDDEN * 64, 64, HIDDEN),
    b1: new Float64Array(HIDDEN),
    w2: init(10 * HIDDEN, HIDDEN, 10),
    b2: new Float64Array(10),
  };
  for (let epoch = 0; epoch < EPOCHS; epoch++) {
    const order = shuffle(samples, random);
    const lr = LEARNING_RATE * (1 - epoch / EPOCHS) + 0.002;
    for (let start = 0; start < order.length; start += BATCH) {
      const batch = order.slice(start, start + BATCH);
      const g = {
        w1: new Float64Array(m.w1.length),
        b1: new Float64Array(HIDDEN),
        w2: new Float64Array(m.w2.length),
        b2: new Float64Array(10),
      };
      for (const { pixels, label } of batch) {
        const { h, logits } = forward(m, pixels);
        const max = Math.max(...logits);
        const exp = logits.map((l) => Math.exp(l - max));
        const sum = exp.reduce((a, b) => a + b, 0);
        const dLogits = exp.map((e, i) => e / sum - (i === label ? 1 : 0));
        const dH = new Float64Array(HIDDEN);
        for (let o = 0; o < 10; o++) {
          g.b2[o]! += dLogits[o]!;
          for (let j = 0; j < HIDDEN; j++) {
            g.w2[o * HIDDEN + j]! += dLogits[o]! * h[j]!;
            dH[j]! += dLogits[o]! * m.w2[o * HIDDEN + j]!;
          }
        }
        for (let o = 0; o < HIDDEN; o++) {
          if (h[o]! <= 0) continue;
          g.b1[o]! += dH[o]!;
          for (let j = 0; j < 64; j++) g.w1[o * 64 + j]! += dH[o]! * (pixels[j]! / 16);
        }
      }
      const step = lr / batch.length;
      for (const key of ['w1', 'b1', 'w2', 'b2'] as const)
        for (let i = 0; i < m[key].length; i++) m[key][i]! -= step * g[key][i]!;
    }
  }
  return m;
}

function tensor(
  name: string,
  rows: number,
  cols: number,
  dtype: 'int8' | 'int32',
  data: Int32Array,
): Tensor & { name: string } {
  return { name, rows, cols, dtype, data };
}

/** Trains, quantises and evaluates the digits model; returns the package and its metrics. */
export async function trainDigitsPackage(
  variant: DigitsVariant = DIGITS_VARIANTS[0]!,
): Promise<ReturnType<typeof buildPackage> & { metrics: Record<string, number> }> {
  const { train: trainSet, test } = splitDigits(loadDigits());
  const HIDDEN = variant.hidden;
  const model = train(trainSet, HIDDEN);
  const floatAccuracy = test.filter((s) => argmaxOf(forward(model, s.pixels).logits) === s.label).length / test.length;

  // Quantise: input q = pixel (scale 1/16); weights symmetric int8; hidden int8 calibrated on training data.
  const inputScale = 1 / 16;
  const w1 = quantiseSymmetric(model.w1);
  const w2 = quantiseSymmetric(model.w2);
  let hiddenMax = 0;
  for (const s of trainSet) for (const v of forward(model, s.pixels).h) hiddenMax = Math.max(hiddenMax, v);
  const hiddenScale = hiddenMax / 127;
  const acc1Scale = inputScale * w1.scale;
  const { multiplier, shift } = multiplierFor(acc1Scale / hiddenScale);
  const params = [
    tensor('fc1.weight', HIDDEN, 64, 'int8', w1.q),
    tensor('fc1.bias', 1, HIDDEN, 'int32', quantiseBias(model.b1, acc1Scale)),
    tensor('fc2.weight', 10, HIDDEN, 'int8', w2.q),
    tensor('fc2.bias', 1, 10, 'int32', quantiseBias(model.b2, hiddenScale * w2.scale)),
  ];
  const graph = [
    op({
      op: 'matmul',
      inputA: 0,
      paramA: 0,
      paramB: 1,
      rows: 1,
      cols: HIDDEN,
      dtype: 'int8',
      multiplier,
      shift,
      zeroPoint: 0,
      attrA: 1,
    }),
    op({ op: 'matmul', inputA: 1, paramA: 2, paramB: 3, rows: 1, cols: 10, dtype: 'int32' }),
    op({ op: 'argmax', inputA: 2, rows: 1, cols: 1, dtype: 'int32' }),
  ];
  const contents = {
    name: variant.name,
    version: '1.0.0',
    description: `Handwritten digit classifier: an MLP 64 → ${HIDDEN} (ReLU) → 10 over the UCI optical digits features.`,
    license: 'MIT',
    developer: variant.developer,
    io: { input: { rows: 1, cols: 64, dtype: 'int8' as const }, output: { rows: 1, cols: 1, dtype: 'int32' as const } },
    params,
    graph,
    preprocessing: DIGITS_PREPROCESSING,
    labels: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    quantisation: {
      inputScale,
      fc1WeightScale: w1.scale,
      hiddenScale,
      fc2WeightScale: w2.scale,
      calibration: 'max of hidden activations over the training split',
    },
  };
  // Evaluate the int8 package itself with the reference runtime.
  const draft = buildPackage(contents);
  const pkg = loadPackage(draft.manifest, draft.paramsBytes);
  let correct = 0;
  let agree = 0;
  for (const s of test) {
    const trace = await runModel(pkg, Uint8Array.from(s.pixels));
    const predicted = trace.slots[3]!.data[0]!;
    if (predicted === s.label) correct++;
    if (predicted === argmaxOf(forward(model, s.pixels).logits)) agree++;
  }
  const metrics = {
    accuracyFloat: floatAccuracy,
    accuracyInt8: correct / test.length,
    agreementInt8Float: agree / test.length,
    heldOutSamples: test.length,
    trainSamples: trainSet.length,
  };
  return { ...buildPackage({ ...contents, metrics }), metrics };
}

async function main(): Promise<void> {
  const started = Date.now();
  for (const variant of DIGITS_VARIANTS) {
    const pkg = await trainDigitsPackage(variant);
    writePackage(path.join(MODELS_DIR, variant.name), pkg);
    console.log(JSON.stringify({ name: variant.name, ...pkg.metrics, modelHash: pkg.manifest.commitment.modelHash }));
  }
  console.log(`trained ${DIGITS_VARIANTS.length} models in ${(Date.now() - started) / 1000} s`);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
