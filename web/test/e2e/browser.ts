/**
 * Headless Chromium for the end-to-end suite (Debian's `chromium`, driven by playwright-core), and
 * the page helpers the flows share. With CI=true a missing browser fails the suite.
 */
import fs from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI === 'true') {
  throw new Error(`CI needs Chromium at ${CHROMIUM} for the web app's end-to-end suite (apt-get install chromium)`);
}

/** Where screenshots go (a test artifact; the README's desktop screenshots are copied from here). */
export const SCREENSHOTS_DIR = path.resolve(import.meta.dirname, '..', '..', 'test-results', 'screenshots');

export const DESKTOP = { width: 1280, height: 900 };
export const MOBILE = { width: 375, height: 812 };

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-default-apps',
      '--disable-sync',
      '--no-first-run',
      '--metrics-recording-only',
    ],
  });
}

/** Picks dev account `index` as the burner wallet from the header's menu. */
export async function actAsDevAccount(page: Page, index: number): Promise<void> {
  await page.getByRole('button', { name: /Connect wallet|open wallet menu/ }).click();
  await page.getByTestId(`burner-${index}`).click();
  await page.locator('#wallet-menu').waitFor({ state: 'detached' });
}

/** Saves the page at desktop width and at 375 px (then restores desktop). */
export async function screenshot(page: Page, name: string): Promise<void> {
  fs.mkdirSync(SCREENSHOTS_DIR, { recursive: true });
  await page.evaluate(() => {
    (document.activeElement as HTMLElement | null)?.blur();
    window.scrollTo(0, 0);
    document.querySelector<HTMLElement>('.toasts')?.style.setProperty('visibility', 'hidden');
  });
  await page.setViewportSize(DESKTOP);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-desktop.png`), fullPage: true });
  await page.setViewportSize(MOBILE);
  await page.waitForTimeout(300);
  await page.screenshot({ path: path.join(SCREENSHOTS_DIR, `${name}-mobile.png`), fullPage: true });
  await page.setViewportSize(DESKTOP);
  await page.evaluate(() => document.querySelector<HTMLElement>('.toasts')?.style.removeProperty('visibility'));
}
