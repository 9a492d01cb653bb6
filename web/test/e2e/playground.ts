/**
 * What the playground flows do in the page (draw a digit with the mouse, as a person would) and
 * beside it (an operator answering requests, honestly or not, while no oracle node runs here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { ethers } from 'ethers';
import type { Page } from 'playwright-core';
import { readModelPackage, MODELS_DIR } from '../../../oracle/src/node/readModelPackage';
import { StandInOperator } from '../../../oracle/src/node/testing/standInOperator';
import type { Stroke } from '../../../oracle/src/preprocessing/digitFeatures';
import type { ModelPackage } from '../../../oracle/src/runtime';
import type { Deployment } from '../../src/config/appConfig';
import { DEV_MNEMONIC } from '../../src/wallet/devAccounts';

/** Draws strokes made on a 200 × 200 canvas onto the playground's pad with mouse moves. */
export async function drawDigit(page: Page, strokes: readonly Stroke[]): Promise<void> {
  const pad = page.getByTestId('digit-pad');
  const box = (await pad.boundingBox())!;
  const at = (p: { x: number; y: number }) => ({
    x: box.x + (p.x / 200) * box.width,
    y: box.y + (p.y / 200) * box.height,
  });
  for (const stroke of strokes) {
    const [first, ...rest] = stroke.map(at);
    await page.mouse.move(first!.x, first!.y);
    await page.mouse.down();
    for (const p of rest) await page.mouse.move(p.x, p.y, { steps: 2 });
    await page.mouse.up();
  }
}

/**
 * An operator played by the test as dev account `account` (staked and opted in by the caller): it
 * answers the requests it is drawn for with the runtime's output and state root, or a consistent
 * lie for the requests `lieOn` picks, finalizes, and defends its results in games.
 */
export function startOperator(
  rpcUrl: string,
  deployment: Deployment,
  lieOn: (id: bigint) => boolean,
  account: number,
): StandInOperator {
  const provider = new ethers.JsonRpcProvider(rpcUrl, undefined, { pollingInterval: 300 });
  const wallet = ethers.HDNodeWallet.fromPhrase(DEV_MNEMONIC, undefined, `m/44'/60'/0'/0/${account}`).connect(provider);
  const models = (deployment as unknown as { models: { id: number; name: string }[] }).models;
  const packages = new Map<bigint, ModelPackage>(
    models
      .filter((m) => fs.existsSync(path.join(MODELS_DIR, m.name)))
      .map((m) => [BigInt(m.id), readModelPackage(path.join(MODELS_DIR, m.name))]),
  );
  const operator = new StandInOperator(wallet, deployment.contracts as never, (id) => packages.get(id), {
    lieOn,
    log: (line) => console.log(`[operator ${account}] ${line.slice(0, 160)}`),
  });
  operator.start(0);
  return operator;
}
