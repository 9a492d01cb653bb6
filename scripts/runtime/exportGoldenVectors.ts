/**
 * Writes the runtime's golden vectors (`oracle/golden/ops.json`, `oracle/golden/models.json`) for
 * the Solidity verifiers and the other backends. `npm test` checks the committed files against a
 * fresh export, so they cannot drift from the reference runtime.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MODELS_DIR, readModelPackage } from '../../oracle/src/node/readModelPackage';
import { goldenModelCase, goldenOpCases } from '../../oracle/src/runtime/testing/goldenVectors';
import { goldenDigitsInputs } from './goldenDigitsInputs';

export const GOLDEN_DIR = path.join(__dirname, '..', '..', 'oracle', 'golden');

export async function exportGoldenVectors(): Promise<{ ops: string; models: string }> {
  const ops = await goldenOpCases();
  const digits = await goldenModelCase(readModelPackage(path.join(MODELS_DIR, 'digits')), goldenDigitsInputs());
  return { ops: `${JSON.stringify(ops, null, 1)}\n`, models: `${JSON.stringify([digits], null, 1)}\n` };
}

if (require.main === module) {
  exportGoldenVectors()
    .then(({ ops, models }) => {
      fs.mkdirSync(GOLDEN_DIR, { recursive: true });
      fs.writeFileSync(path.join(GOLDEN_DIR, 'ops.json'), ops);
      fs.writeFileSync(path.join(GOLDEN_DIR, 'models.json'), models);
      console.log(`wrote ${GOLDEN_DIR}/ops.json and models.json`);
    })
    .catch((error: unknown) => {
      console.error(error);
      process.exit(1);
    });
}
