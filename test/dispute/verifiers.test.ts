import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { ethers } from 'hardhat';
import { loadFixture } from '@nomicfoundation/hardhat-network-helpers';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import {
  BYTES_PER_ELEMENT,
  DTYPES,
  descriptorLeaf,
  keccak,
  runModel,
  tensorFromBytes,
  tensorToBytes,
  toHex,
  toSolidityOp,
  type OpDescriptor,
  type Tensor,
} from '../../oracle/src/runtime';
import type { GoldenOpCase, GoldenTensor } from '../../oracle/src/runtime/testing/goldenVectors';
import { randomPackage, randomTensor, seededRandom } from '../../oracle/src/runtime/testing/randomGraph';
import type { OneStepHarness } from '../../typechain-types';

const GOLDEN = path.join(__dirname, '..', '..', 'oracle', 'golden');
const RANDOM_SEEDS = Number(process.env.VERIFIER_SEEDS ?? 12);

async function harnessFixture() {
  return { harness: await ethers.deployContract('OneStepHarness') };
}

const toTensor = (g: GoldenTensor): Tensor => tensorFromBytes(ethers.getBytes(g.bytes), g.rows, g.cols, g.dtype);
const at = (t: Tensor, r: number, c: number) => t.data[r * t.cols + c]!;
const rowHex = (t: Tensor, r: number) => {
  const bytes = tensorToBytes(t);
  const size = BYTES_PER_ELEMENT[t.dtype] * t.cols;
  return toHex(bytes.subarray(r * size, (r + 1) * size));
};
const solidityDescriptor = toSolidityOp;

/** Output positions to check: every element of small outputs, a spread of them otherwise. */
function positions(out: Tensor): [number, number][] {
  const all: [number, number][] = [];
  for (let r = 0; r < out.rows; r++) for (let c = 0; c < out.cols; c++) all.push([r, c]);
  if (all.length <= 48) return all;
  const step = Math.ceil(all.length / 40);
  return [...all.filter((_, i) => i % step === 0), all[all.length - 1]!];
}

/** Checks every chosen output element of one op against the Solidity verifier of its family. */
async function checkOp(
  harness: OneStepHarness,
  d: OpDescriptor,
  a: Tensor,
  b: Tensor | undefined,
  pa: Tensor | undefined,
  pb: Tensor | undefined,
  out: Tensor,
  label: string,
) {
  const sd = solidityDescriptor(d);
  for (const [r, c] of positions(out)) {
    let got: bigint;
    switch (d.op) {
      case 'matmul':
        got = await harness.matmul(sd, rowHex(a, r), rowHex(pa!, c), at(pb!, 0, c));
        break;
      case 'add':
        got = await harness.add(sd, at(a, r, c), at(b!, r, c));
        break;
      case 'lut':
        got = await harness.lut(toHex(tensorToBytes(pa!)), at(a, r, c));
        break;
      case 'gather': {
        expect(d.attrB, `${label}: gather's attrB is the table's row count`).to.equal(pa!.rows);
        const row = Number(await harness.gatherRow(at(a, 0, r), d.attrB));
        got = BigInt(at(pa!, row, c));
        break;
      }
      case 'concat': {
        const [fromB, rr, cc] = await harness.concatSource(sd, a.rows, a.cols, r, c);
        got = BigInt(at(fromB ? b! : a, Number(rr), Number(cc)));
        break;
      }
      case 'slice': {
        const [rr, cc] = await harness.sliceSource(sd, r, c);
        got = BigInt(at(a, Number(rr), Number(cc)));
        break;
      }
      case 'reshape': {
        const [rr, cc] = await harness.reshapeSource(sd, a.cols, r, c);
        got = BigInt(at(a, Number(rr), Number(cc)));
        break;
      }
      case 'argmax':
        got = await harness.argmax(rowHex(a, r), a.cols, DTYPES[a.dtype]);
        break;
    }
    expect(got, `${label}: element (${r}, ${c})`).to.equal(BigInt(at(out, r, c)));
  }
}

describe('One-step verifiers and commitment trees (Solidity) against the runtime', function () {
  this.timeout(0);

  it('compute every golden op case element by element, and the descriptor leaf', async function () {
    const { harness } = await loadFixture(harnessFixture);
    const cases = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'ops.json'), 'utf8')) as GoldenOpCase[];
    for (const g of cases) {
      const p = g.params;
      await checkOp(
        harness,
        g.descriptor,
        toTensor(g.inputs.a),
        g.inputs.b && toTensor(g.inputs.b),
        p.a && toTensor(p.a),
        p.b && toTensor(p.b),
        toTensor(g.output),
        g.name,
      );
      expect(await harness.leaf(solidityDescriptor(g.descriptor)), g.name).to.equal(
        toHex(descriptorLeaf(g.descriptor)),
      );
    }
  });

  it('recompute every golden tensor root', async function () {
    const { harness } = await loadFixture(harnessFixture);
    const cases = JSON.parse(fs.readFileSync(path.join(GOLDEN, 'ops.json'), 'utf8')) as GoldenOpCase[];
    for (const g of cases) {
      for (const t of [g.inputs.a, g.inputs.b, g.params.a, g.params.b, g.output]) {
        if (!t) continue;
        expect(await harness.tensorRoot(t.bytes, t.rows, t.cols, DTYPES[t.dtype]), g.name).to.equal(t.root);
      }
    }
  });

  it('compute fresh random graphs’ ops, generated in this run', async function () {
    const { harness } = await loadFixture(harnessFixture);
    for (let seed = 1000; seed < 1000 + RANDOM_SEEDS; seed++) {
      const pkg = randomPackage({ seed, ops: 6 });
      const trace = await runModel(pkg, tensorToBytes(randomTensor(seededRandom(seed), pkg.manifest.io.input)));
      for (const [i, d] of pkg.graph.entries()) {
        const twoInputs = d.op === 'add' || d.op === 'concat';
        await checkOp(
          harness,
          d,
          trace.slots[d.inputA]!,
          twoInputs ? trace.slots[d.inputB] : undefined,
          d.op === 'matmul' || d.op === 'lut' || d.op === 'gather' ? pkg.params[d.paramA] : undefined,
          d.op === 'matmul' ? pkg.params[d.paramB] : undefined,
          trace.slots[i + 1]!,
          `seed ${seed} op ${i + 1} (${d.op})`,
        );
        expect(
          await harness.tensorRoot(toHex(tensorToBytes(trace.slots[i + 1]!)), d.rows, d.cols, DTYPES[d.dtype]),
        ).to.equal(toHex(trace.tensorRoot(i + 1)));
      }
    }
  });

  it('compute paramsRoot from the count and the params tree as the runtime does', async function () {
    const { harness } = await loadFixture(harnessFixture);
    for (const name of ['digits', 'digits-lite', 'kjv-textgen']) {
      const pkg = readModelPackage(path.join(MODELS_DIR, name));
      expect(await harness.paramsRoot(pkg.params.length, pkg.paramsTree.root)).to.equal(
        pkg.manifest.commitment.paramsRoot,
      );
    }
  });

  it('compute S_0 from the request bytes (zero-padded) as the runtime does', async function () {
    const { harness } = await loadFixture(harnessFixture);
    for (const name of ['digits', 'digits-lite']) {
      const pkg = readModelPackage(path.join(MODELS_DIR, name));
      for (const input of [new Uint8Array(64).map((_, i) => i % 17), new Uint8Array(40).fill(16), new Uint8Array(0)]) {
        const trace = await runModel(pkg, input);
        expect(await harness.initialStateRoot(input, 1, 64, 0, pkg.stateDepth)).to.equal(toHex(trace.stateRoot(0)));
      }
    }
  });

  it('verify the runtime’s slot, chunk and row paths; reject tampered ones', async function () {
    const { harness } = await loadFixture(harnessFixture);
    const pkg = randomPackage({ seed: 77, ops: 7 });
    const trace = await runModel(pkg, tensorToBytes(randomTensor(seededRandom(77), pkg.manifest.io.input)));
    const n = trace.opCount;
    for (let slot = 0; slot <= n; slot++) {
      const p = trace.slotPath(n, slot);
      expect(
        await harness.verify(trace.finalStateRoot, trace.tensorRoot(slot), p.index, p.siblings, pkg.stateDepth),
      ).to.equal(true);
      expect(
        await harness.verify(trace.finalStateRoot, keccak(trace.tensorRoot(slot)), p.index, p.siblings, pkg.stateDepth),
      ).to.equal(false);
      expect(
        await harness.verify(trace.finalStateRoot, trace.tensorRoot(slot), p.index, p.siblings, pkg.stateDepth + 1),
      ).to.equal(false);
    }
    const out = trace.commitment(n);
    for (let r = 0; r < out.tensor.rows; r++) {
      const rowPath = out.rowPath(r);
      expect(await harness.rowRoot(rowHex(out.tensor, r), out.chunksPerRow)).to.equal(toHex(out.rowRoot(r)));
      expect(
        await harness.verify(out.root, out.rowRoot(r), rowPath.index, rowPath.siblings, out.depth - out.rowHeight),
      ).to.equal(true);
      for (let k = 0; k < out.chunksPerRow; k++) {
        const p = out.chunkPath(r, k);
        expect(await harness.verify(out.root, keccak(out.chunk(r, k)), p.index, p.siblings, out.depth)).to.equal(true);
      }
    }
    for (let h = 0; h < 4; h++) {
      expect(await harness.zeroValueSubtree(h + 1)).to.equal(
        toHex(
          keccak(
            ethers.getBytes(ethers.concat([await harness.zeroValueSubtree(h), await harness.zeroValueSubtree(h)])),
          ),
        ),
      );
    }
  });
});
