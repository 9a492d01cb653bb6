/**
 * The web app end to end, in headless Chromium, against the real local stack (`npm start` on free
 * ports: Hardhat node, contracts, demo, web app). A developer launches a model from its package, two
 * investors oversubscribe its sale, the sale ends (chain time advanced), they claim tokens and the
 * excess, the developer withdraws; paid requests bring revenue, an investor claims it and redeems
 * tokens, the developer releases vested tokens and collects the fees. Every page is saved at desktop
 * width and 375 px under test-results/screenshots/.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatEther, type Address } from 'viem';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { imoSaleAbi, modelTokenAbi, developerVestingAbi } from '../../src/contracts/generated';
import { HAVE_CHROMIUM, launchBrowser, screenshot, actAsDevAccount } from './browser';
import { clients, devAddress, packFor, payAndAnswerRequests } from './chain';
import { REPO_ROOT, startStack, type Stack } from './stack';

const DEVELOPER = 8;
const INVESTOR_A = 3;
const INVESTOR_B = 4;
const REQUESTER = 9;
const OPERATOR = 6;
const E = 10n ** 18n;

describe.skipIf(!HAVE_CHROMIUM)('web app end to end', () => {
  let stack: Stack;
  let browser: Browser;
  let page: Page;
  let chain: ReturnType<typeof clients>;
  let packageDir: string;
  let files: { manifest: string; params: string };
  let modelId = 0;
  let sale: Address;
  let token: Address;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    stack = await startStack();
    chain = clients(stack.rpcUrl);
    packageDir = fs.mkdtempSync(path.join(os.tmpdir(), 'imo-e2e-package-'));
    files = packFor(path.join(REPO_ROOT, 'oracle', 'models', 'digits'), devAddress(DEVELOPER), packageDir);
    browser = await launchBrowser();
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => pageErrors.push(e.message));
    // Generous: a fresh clone's first page load also pre-bundles the dependencies, on a shared 2-core machine.
    page.setDefaultTimeout(60_000);
    page.setDefaultNavigationTimeout(60_000);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    if (packageDir) fs.rmSync(packageDir, { recursive: true, force: true });
  });

  const go = async (pathname: string) => {
    await page.goto(`${stack.webUrl}${pathname}`);
  };
  const confirmed = async (text: RegExp | string) => {
    await page.getByTestId('toast-success').filter({ hasText: text }).last().waitFor();
  };

  it('serves cross-origin-isolated pages and shows the demo models', async () => {
    const response = await page.goto(stack.webUrl);
    expect(response?.headers()['cross-origin-opener-policy']).toBe('same-origin');
    expect(response?.headers()['cross-origin-embedder-policy']).toBe('require-corp');
    await page.getByTestId('model-row-3').waitFor();
    expect(await page.evaluate(() => globalThis.crossOriginIsolated)).toBe(true);
    await expect(page.getByTestId('model-row-1').textContent()).resolves.toMatch(/digits model token.*finished/);
    await expect(page.getByTestId('model-row-2').textContent()).resolves.toMatch(/open/);
    await screenshot(page, 'models');
    await page.getByRole('button', { name: 'Connect wallet' }).click();
    await page.getByTestId('burner-list').waitFor();
    await screenshot(page, 'wallet-menu');
    await page.keyboard.press('Escape');

    await go('/models/1');
    await page.getByText('Handwritten digit classifier').waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'model');

    await go('/models/2/sale');
    await page.getByRole('progressbar').waitFor();
    await actAsDevAccount(page, INVESTOR_A);
    await page.getByTestId('position-committed').filter({ hasText: '5 ETH' }).waitFor();
    await screenshot(page, 'sale');

    await go('/portfolio');
    await page.getByTestId('holding-1').waitFor();
    await screenshot(page, 'portfolio');
  });

  it('refuses a package packed for another address', async () => {
    await actAsDevAccount(page, DEVELOPER);
    await go('/launch');
    await page.setInputFiles('#package-manifest', path.join(REPO_ROOT, 'oracle', 'models', 'digits', 'manifest.json'));
    await page.setInputFiles('#package-params', path.join(REPO_ROOT, 'oracle', 'models', 'digits', 'params.bin'));
    const error = page.getByTestId('package-error');
    await error.waitFor();
    expect(await error.textContent()).toMatch(
      /packed for 0x70997970C51812dc3A010C7d01b50e0d17dc79C8.*you are connected as/,
    );
  });

  it('launches a model from its package as its developer', async () => {
    await go('/launch');
    await page.setInputFiles('#package-manifest', files.manifest);
    await page.setInputFiles('#package-params', files.params);
    await page.getByTestId('package-ok').waitFor();
    await page.getByText('yours will be listed as a copy of it').waitFor();

    // field-level validation mirrors the contract before anything is sent
    await page.getByLabel('Soft cap (ETH)').fill('20');
    await page.getByLabel('Hard cap (ETH)').fill('10');
    await page.getByTestId('error-launch-softCap').filter({ hasText: 'must not exceed the hard cap' }).waitFor();
    await page.getByLabel('For sale').fill('50000');
    await page.getByTestId('error-launch-hardCap').filter({ hasText: 'only 50,000 tokens are for sale' }).waitFor();
    expect(await page.getByRole('button', { name: /^Launch / }).isDisabled()).toBe(true);

    await page.getByLabel('For sale').fill('1000000');
    await page.getByLabel('Soft cap (ETH)').fill('5');
    await page.getByLabel('Wallet cap (ETH)').fill('10');
    await page.getByLabel('Symbol').fill('DIG8');
    await page.getByLabel('Package URI').fill('https://models.example/digits-dev8/manifest.json');
    await page.getByLabel('Opens in (minutes)').fill('2');
    await page.getByLabel('Lasts (hours)').fill('1');
    await page.getByLabel('Cliff (days)').fill('0');
    await page.getByLabel('Duration (days)').fill('30');
    await page.getByTestId('launch-summary').waitFor();
    await screenshot(page, 'launch');
    await page.getByRole('button', { name: 'Launch DIG8' }).click();
    await page.waitForURL(/\/models\/\d+$/, { timeout: 60_000 });
    modelId = Number(/\/models\/(\d+)$/.exec(page.url())![1]);
    expect(modelId).toBe(4);
    await page.getByText('same weights and graph as').waitFor();

    const launched = await chain.publicClient.getContractEvents({
      address: stack.deployment.contracts.LaunchFactory,
      abi: (await import('../../src/contracts/generated')).launchFactoryAbi,
      eventName: 'Launched',
      fromBlock: 0n,
    });
    const mine = launched.find((l) => l.args.modelId === BigInt(modelId))!;
    expect(mine.args.developer).toBe(devAddress(DEVELOPER));
    sale = mine.args.sale!;
    token = mine.args.token!;
    await go('/');
    await page.getByTestId(`model-row-${modelId}`).filter({ hasText: 'copy of #1' }).waitFor();
  });

  it('takes two investors’ commitments past the hard cap', async () => {
    await chain.advance(150);
    for (const [investor, amount] of [
      [INVESTOR_A, '8'],
      [INVESTOR_B, '6'],
    ] as const) {
      await actAsDevAccount(page, investor);
      await go(`/models/${modelId}/sale`);
      await page.getByText('Closes in').waitFor();
      await page.getByLabel('Amount (ETH)').fill(amount);
      await page.getByTestId('commit-preview').waitFor();
      await page.getByRole('button', { name: `Commit ${amount} ETH` }).click();
      await confirmed(`Committed ${amount} ETH`);
      await page
        .getByTestId('position-committed')
        .filter({ hasText: `${amount} ETH` })
        .waitFor();
    }
    // B's expected refund under oversubscription: 6 · (14 − 10) / 14 ETH
    await page.getByTestId('position-refund').filter({ hasText: '1.7142 ETH' }).waitFor();
    await page.getByText('Oversubscribed').waitFor();
    await screenshot(page, 'sale-oversubscribed');
  });

  it('ends the sale; investors claim tokens and the excess, the developer withdraws', async () => {
    await chain.advance(3700);
    for (const investor of [INVESTOR_A, INVESTOR_B]) {
      await actAsDevAccount(page, investor);
      await go(`/models/${modelId}/sale`);
      await page.getByRole('button', { name: /^Claim .* DIG8 and .* ETH$/ }).click();
      await confirmed('Tokens claimed');
      await page.getByText('Claimed').locator('..').filter({ hasText: 'yes' }).waitFor();
    }
    const read = (fn: 'commitmentOf' | 'hasClaimed', who: number) =>
      chain.publicClient.readContract({ address: sale, abi: imoSaleAbi, functionName: fn, args: [devAddress(who)] });
    expect(await read('hasClaimed', INVESTOR_A)).toBe(true);
    const balanceA = await chain.publicClient.readContract({
      address: token,
      abi: modelTokenAbi,
      functionName: 'balanceOf',
      args: [devAddress(INVESTOR_A)],
    });
    // 8 ETH of 14 against a 10 ETH hard cap at 0.0001 ETH per token: 57,142.857… tokens
    expect(formatEther(balanceA)).toMatch(/^57142\.857142857142857/);

    await actAsDevAccount(page, DEVELOPER);
    await go(`/models/${modelId}/sale`);
    await page.getByRole('button', { name: 'Withdraw the proceeds' }).click();
    await confirmed('Proceeds withdrawn');
    await page.getByRole('button', { name: 'Release the protocol fee' }).click();
    await confirmed('Fee released');
    await page.getByRole('button', { name: 'Release the liquidity share' }).click();
    await confirmed('Liquidity share released');
    await page.getByText('Developer paid').locator('..').filter({ hasText: 'yes' }).waitFor();
    await screenshot(page, 'sale-finished');
  });

  it('shows revenue from paid requests; an investor claims it and redeems tokens', async () => {
    const digits = Array.from({ length: 3 }, (_, k) => Uint8Array.from({ length: 64 }, (_, i) => (i * 7 + k * 5) % 17));
    await payAndAnswerRequests(
      stack.rpcUrl,
      stack.deployment,
      BigInt(modelId),
      packageDir,
      digits,
      REQUESTER,
      OPERATOR,
    );

    await go(`/models/${modelId}`);
    await page.getByTestId('requests-table').waitFor();
    expect(await page.getByTestId('requests-table').locator('tbody tr').count()).toBe(3);
    await page.getByTestId('requests-table').getByText('finalized').first().waitFor();
    await page.locator('.recharts-bar-rectangle').first().waitFor();
    await screenshot(page, 'model-with-revenue');

    await actAsDevAccount(page, INVESTOR_A);
    await go('/portfolio');
    const claimable = page.getByTestId(`claimable-${modelId}`);
    await claimable.waitFor();
    expect(await claimable.textContent()).not.toBe('0 ETH');
    const before = await chain.publicClient.readContract({
      address: token,
      abi: modelTokenAbi,
      functionName: 'claimable',
      args: [devAddress(INVESTOR_A)],
    });
    expect(before).toBeGreaterThan(0n);
    await page.getByRole('button', { name: /^Claim all: / }).click();
    await confirmed('Revenue claimed');
    await claimable.filter({ hasText: /^0 ETH$/ }).waitFor();

    await page.getByLabel('Burn DIG8').fill('1000');
    await page.getByText(/You get .* from the reserve/).waitFor();
    await page.getByTestId(`holding-${modelId}`).getByRole('button', { name: 'Burn and redeem' }).click();
    await confirmed('Burned 1000 DIG8');
    await page.getByTestId(`balance-${modelId}`).filter({ hasText: '56,142.85 DIG8' }).waitFor();
  });

  it('releases the developer’s vested tokens and collects the model’s fees', async () => {
    await chain.advance(10 * 86_400);
    await actAsDevAccount(page, DEVELOPER);
    await go('/portfolio');
    await page.getByTestId('developer-table').waitFor();
    await page
      .getByTestId(`releasable-${modelId}`)
      .filter({ hasNotText: /^0 DIG8$/ })
      .waitFor();
    await screenshot(page, 'portfolio-developer');
    await page.getByRole('button', { name: 'Release', exact: true }).click();
    await confirmed('DIG8 released');
    const vesting = (
      await chain.publicClient.getContractEvents({
        address: stack.deployment.contracts.LaunchFactory,
        abi: (await import('../../src/contracts/generated')).launchFactoryAbi,
        eventName: 'Launched',
        fromBlock: 0n,
      })
    ).find((l) => l.args.modelId === BigInt(modelId))!.args.vesting!;
    const released = await chain.publicClient.readContract({
      address: vesting,
      abi: developerVestingAbi,
      functionName: 'released',
    });
    expect(released).toBeGreaterThan(0n);

    const balanceBefore = await chain.publicClient.getBalance({ address: devAddress(DEVELOPER) });
    // 3 requests × 0.001 ETH × 20 % developer share
    await page.getByRole('button', { name: 'Collect 0.0006 ETH' }).click();
    await confirmed('Fees collected');
    await page
      .getByTestId('fees-total')
      .filter({ hasText: /^0 ETH$/ })
      .waitFor();
    const balanceAfter = await chain.publicClient.getBalance({ address: devAddress(DEVELOPER) });
    expect(balanceAfter - balanceBefore).toBeGreaterThan((6n * E) / 10_000n - E / 1000n); // 0.0006 ETH minus gas
    expect(pageErrors).toEqual([]);
  });
});
