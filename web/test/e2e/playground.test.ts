/**
 * The playground, local verification and the disputes pages end to end in Chromium against the
 * local stack (`npm start`: chain, contracts, demo, the demo operator's oracle node, web app):
 * a drawn digit is paid for, answered by the node, finalized and verified here (match); a second
 * operator staked far above the node posts a wrong result, the page shows the mismatch, challenges
 * it, and the game is played by hand from the game page until the challenger wins and settles.
 */
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DIGIT_STROKES } from '../../../oracle/src/preprocessing/testing/digitStrokes';
import type { StandInOperator } from '../../../oracle/src/node/testing/standInOperator';
import { aiOracleAbi } from '../../src/contracts/generated';
import { HAVE_CHROMIUM, actAsDevAccount, launchBrowser, screenshot } from './browser';
import { clients } from './chain';
import { drawDigit, startOperator } from './playground';
import { startStack, type Stack } from './stack';

const LIAR_ACCOUNT = 9;
const REQUESTER_ACCOUNT = 3;

describe.skipIf(!HAVE_CHROMIUM)('the playground, local verification and disputes', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let liar: StandInOperator | undefined;
  const errors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    // The demo seeds its requests in the background, moving chain time: let it finish first.
    const { publicClient } = clients(stack.rpcUrl);
    const oracle = { address: stack.deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
    const deadline = Date.now() + 240_000;
    for (;;) {
      const count = await publicClient.readContract({ ...oracle, functionName: 'requestCount' });
      const states = await Promise.all(
        Array.from({ length: Number(count) }, (_, i) =>
          publicClient.readContract({ ...oracle, functionName: 'statusOf', args: [BigInt(i + 1)] }),
        ),
      );
      if (count >= 9n && states.every((s) => s.state === 3)) break;
      if (Date.now() > deadline) throw new Error(`the demo's requests did not finalize (${count} made)`);
      await new Promise((r) => setTimeout(r, 1000));
    }
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => errors.push(e.message));
  });

  afterAll(async () => {
    await liar?.stop();
    await browser?.close();
    await stack?.stop();
  });

  async function payForDigit(digit: number): Promise<bigint> {
    await page.goto(`${stack.webUrl}/playground?model=1`);
    await page.getByTestId('digit-pad').waitFor();
    await drawDigit(page, DIGIT_STROKES[digit]!);
    await expect.poll(() => page.getByTestId('feature-grid').textContent()).not.toMatch(/^0+$/);
    await page.getByRole('button', { name: /and request/ }).click();
    await page.waitForURL(/\/requests\/\d+$/, { timeout: 60_000 });
    return BigInt(page.url().split('/').pop()!);
  }

  async function stageStatus(key: string): Promise<string | null> {
    return page
      .locator(`[data-stage="${key}"]`)
      .getAttribute('data-status', { timeout: 1000 })
      .catch(() => null);
  }

  it('draws a digit, pays, follows it to final and verifies it locally: match', async () => {
    await page.goto(`${stack.webUrl}/playground`);
    await actAsDevAccount(page, REQUESTER_ACCOUNT);
    const id = await payForDigit(7);
    await expect.poll(() => stageStatus('posted'), { timeout: 120_000 }).toBe('done');
    await expect.poll(() => page.getByTestId('decoded-output').textContent(), { timeout: 10_000 }).toBe('7');
    await page.getByRole('button', { name: 'Verify in this browser' }).click();
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.textContent()).toMatch(
      /^Match: the posted result is right\. Ran in [\d.]+ ms on WebAssembly, 2 threads/,
    );
    expect(await page.getByTestId('output-match').textContent()).toContain('match');
    expect(await page.getByTestId('state-root-match').textContent()).toContain('match');
    expect(await page.getByRole('button', { name: /Challenge with a bond/ }).count()).toBe(0);
    await screenshot(page, 'verification');
    // the challenge window passes in chain time; the node finalizes its own result
    const { advance, publicClient } = clients(stack.rpcUrl);
    const config = await publicClient.readContract({
      address: stack.deployment.contracts.AIOracle,
      abi: aiOracleAbi,
      functionName: 'config',
    });
    await advance(Number(config.challengeWindow) + 1);
    await expect.poll(() => stageStatus('final'), { timeout: 120_000 }).toBe('done');
    expect(await page.getByTestId('request-state').textContent()).toBe('finalized');
    // the request is in the requester's history, with its output
    await page.goto(`${stack.webUrl}/history`);
    const row = page.getByTestId('history-table').locator('tr', { hasText: `#${id}` });
    await expect.poll(() => row.textContent(), { timeout: 30_000 }).toContain('finalized');
    // the label comes with the model's package, which may load after the row
    await expect.poll(() => row.getByTestId('decoded-output').textContent(), { timeout: 30_000 }).toBe('7');
    // the playground as a person sees it, with a digit drawn
    await page.goto(`${stack.webUrl}/playground?model=1`);
    await page.getByTestId('digit-pad').waitFor();
    await drawDigit(page, DIGIT_STROKES[3]!);
    await screenshot(page, 'playground');
    expect(errors).toEqual([]);
  });

  it('shows a wrong result as a mismatch, challenges it, and the game plays out on the disputes page', async () => {
    // A second operator with 500 times the node's stake: it is drawn for nearly every request.
    const { publicClient, wallet } = clients(stack.rpcUrl);
    const liarWallet = wallet(LIAR_ACCOUNT);
    const oracle = { address: stack.deployment.contracts.AIOracle, abi: aiOracleAbi } as const;
    await publicClient.waitForTransactionReceipt({
      hash: await liarWallet.writeContract({ ...oracle, functionName: 'stake', value: 5000n * 10n ** 18n }),
    });
    await publicClient.waitForTransactionReceipt({
      hash: await liarWallet.writeContract({ ...oracle, functionName: 'optIn', args: [1n] }),
    });
    const lied = new Set<bigint>();
    liar = startOperator(
      stack.rpcUrl,
      stack.deployment,
      (id) => {
        if (lied.has(id)) return false;
        lied.add(id);
        return true;
      },
      LIAR_ACCOUNT,
    );

    // in the rare draw of the node instead, pay again
    const postedBy = async (requestId: bigint) => {
      const [posted] = await publicClient.getContractEvents({
        address: stack.deployment.contracts.AIOracle,
        abi: aiOracleAbi,
        eventName: 'ResultSubmitted',
        args: { requestId },
        fromBlock: 0n,
      });
      return posted?.args.operator;
    };
    let id = 0n;
    for (let tries = 0; tries < 4; tries++) {
      id = await payForDigit(3);
      await expect.poll(() => stageStatus('posted'), { timeout: 120_000 }).toBe('done');
      if ((await postedBy(id)) === liarWallet.account.address) break;
    }
    expect(await postedBy(id)).toBe(liarWallet.account.address);
    expect(lied.has(id)).toBe(true);
    await page.getByRole('button', { name: 'Verify in this browser' }).click();
    const verdict = page.getByTestId('verify-verdict');
    await verdict.waitFor({ timeout: 60_000 });
    expect(await verdict.textContent()).toMatch(/^Mismatch: the posted result is wrong\./);
    expect(await page.getByTestId('output-match').textContent()).toContain('mismatch');
    await page.getByRole('button', { name: /Challenge with a bond/ }).click();
    await page.waitForURL(/\/disputes\/\d+$/, { timeout: 60_000 });
    const gameId = page.url().split('/').pop()!;

    // the challenger's moves by hand; the liar defends its result with its own trace
    const deadline = Date.now() + 300_000;
    let midGameShot = false;
    for (;;) {
      const phase =
        (await page
          .getByTestId('game-phase')
          .textContent()
          .catch(() => '')) ?? '';
      if (/\(settled\)/.test(phase)) break;
      if (Date.now() > deadline) throw new Error(`game #${gameId} did not end: ${phase}`);
      const play = page.getByRole('button', { name: /^Play / });
      const settle = page.getByRole('button', { name: 'Settle the game' });
      if (await play.isVisible().catch(() => false)) {
        if (!midGameShot) {
          await screenshot(page, 'game-live');
          midGameShot = true;
        }
        await play.click({ timeout: 5000 }).catch(() => undefined); // the page may have moved on
        await page
          .getByRole('button', { name: /^Play / })
          .waitFor({ state: 'detached', timeout: 30_000 })
          .catch(() => undefined);
      } else if (await settle.isVisible().catch(() => false)) {
        await settle.click({ timeout: 5000 }).catch(() => undefined); // someone else may have settled it
        await settle.waitFor({ state: 'detached', timeout: 30_000 }).catch(() => undefined);
      }
      await page.waitForTimeout(1000);
    }
    expect(await page.getByTestId('outcome').textContent()).toContain('The challenger won');
    const moves = await page.getByTestId('moves-table').locator('tbody tr').allTextContents();
    expect(moves.some((m) => m.includes('oneStep'))).toBe(true);
    expect(moves.at(-1)).toContain('settled');
    await screenshot(page, 'game');
    await page.goto(`${stack.webUrl}/disputes`);
    await expect
      .poll(() => page.getByTestId('games-table').first().textContent(), { timeout: 30_000 })
      .toContain(`#${gameId}`);
    expect(errors).toEqual([]);
  });
});
