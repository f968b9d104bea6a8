#!/usr/bin/env node
// A citizen asks a question in a real browser: the public form, a mistake shown next to
// its field, then the confirmation with the tracking code (printed as CODE=HD-…).
//
//   node tests/browser/ask.mjs --base http://127.0.0.1:PORT --email ADDRESS --out target/screenshots
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Exits 1 on any failed step.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPage, portal } from './chromium.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    email: { type: 'string' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base || !args.email) {
  console.error('usage: node tests/browser/ask.mjs --base http://127.0.0.1:PORT --email ADDRESS');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const { browser, page, timer } = await openPage('ask', base, args.out, 60_000);

const { expectText } = portal(page, origin, args.out, 'ask');

try {
  await page.goto(`${origin}/hoi-dap`);
  await Promise.all([page.waitForURL(`${origin}/hoi-dap/dat-cau-hoi`), page.click('a.button')]);
  // The honeypot is in the page but out of people's sight (and out of the tab order).
  const trap = await page.locator('#website').boundingBox();
  if (trap && trap.x + trap.width > 0) throw new Error('the honeypot field is on screen');
  if ((await page.getAttribute('#website', 'tabindex')) !== '-1') throw new Error('the honeypot is in the tab order');
  await page.fill('#name', 'Lê Thị Thu');
  await page.fill('#email', 'khong-phai-thu');
  await page.selectOption('#field', 'dat-dai');
  await page.fill('#title', 'Gia hạn sử dụng đất nông nghiệp');
  await page.fill('#question', 'Đất nông nghiệp của gia đình tôi hết thời hạn sử dụng thì có được gia hạn không?');
  await page.check('input[name=consent]');
  await Promise.all([page.waitForLoadState('load'), page.click('form.ask-form button[type=submit]')]);
  // The mistake is explained next to its field, and what was typed is kept.
  await expectText('Vui lòng nhập địa chỉ thư điện tử hợp lệ');
  if ((await page.inputValue('#title')) !== 'Gia hạn sử dụng đất nông nghiệp') throw new Error('the form lost what was typed');
  await page.fill('#email', args.email);
  await Promise.all([page.waitForLoadState('load'), page.click('form.ask-form button[type=submit]')]);
  await expectText('Câu hỏi của bạn đã được tiếp nhận');
  const code = (await page.textContent('.tracking-code')).trim();
  await page.screenshot({ path: path.join(args.out, 'ask-received.png'), fullPage: true });
  // The status page by the code.
  await Promise.all([page.waitForLoadState('load'), page.click(`a[href*="code=${code}"]`)]);
  await expectText('Trong hạn');
  console.log(`CODE=${code}`);
} catch (e) {
  await page.screenshot({ path: path.join(args.out, 'ask-failure.png'), fullPage: true }).catch(() => {});
  console.error(`ask: ${e.message}`);
  await browser.close();
  process.exit(1);
}
clearTimeout(timer);
await browser.close();
