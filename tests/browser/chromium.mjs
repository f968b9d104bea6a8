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
