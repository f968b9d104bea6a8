// The system Chromium for a browser test, through playwright-core (never a downloaded browser):
// every host of the portal (`localhost`, `*.localhost`) resolved to the test server, a page of
// 1280×900, and the whole test bounded in time.

import { mkdirSync } from 'node:fs';
import { chromium } from 'playwright-core';

/// Opens a page for the test `name` against the server at `base` (a URL); screenshots go to `out`.
/// The process exits 1 if the test is still running after `timeoutMs`.
export async function openPage(name, base, out, timeoutMs) {
  mkdirSync(out, { recursive: true });
  const timer = setTimeout(() => {
    console.error(`${name}: timed out`);
    process.exit(1);
  }, timeoutMs);
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-proxy-server',
      `--host-resolver-rules=MAP localhost ${base.hostname}, MAP *.localhost ${base.hostname}`,
    ],
    timeout: 30_000,
  });
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
  return { browser, page, timer };
}

/// What the scripts do with a page of the portal at `origin`: check its text, sign in and
/// out of the admin interface, take a revision through a transition, and run a named step
/// (a screenshot `NAME-failed.png` in `out` when it fails).
export function portal(page, origin, out, name) {
  async function expectText(text) {
    const body = await page.textContent('body');
    if (!body.includes(text)) throw new Error(`expected "${text}" on ${page.url()}`);
  }
  return {
    expectText,
    async signIn(user, password) {
      await page.goto(`${origin}/admin/login`);
      await page.fill('#username', user);
      await page.fill('#password', password);
      await Promise.all([page.waitForURL(`${origin}/admin`), page.click('form.admin-form button[type=submit]')]);
      await expectText('Bảng công việc');
    },
    async signOut() {
      await Promise.all([page.waitForURL(/\/admin\/login/), page.click('form[action="/admin/logout"] button')]);
    },
    async step(label, fn) {
      try {
        await fn();
        console.log(`ok ${label}`);
      } catch (e) {
        console.error(`FAIL ${label}: ${e.message}`);
        await page.screenshot({ path: `${out}/${name}-failed.png`, fullPage: true }).catch(() => {});
        throw e;
      }
    },
    async act(transition) {
      await Promise.all([
        page.waitForLoadState('load'),
        page.click(`form.action-${transition} button[type=submit]`),
      ]);
    },
  };
}

/// Runs the steps, then closes the browser and exits: 1 when a step failed, else 0.
export async function runSteps(browser, timer, steps) {
  let failed = false;
  try {
    await steps();
  } catch {
    failed = true;
  } finally {
    clearTimeout(timer);
    await browser.close();
  }
  process.exit(failed ? 1 : 0);
}
