#!/usr/bin/env node
// The board's timeliness oversight in a real browser: a system administrator opens the
// page, reads the table of sites × categories and a site's trend chart, filters to the
// departments, follows a late cell to the items behind it, and downloads the CSV. axe-core
// finds no serious or critical violation on the page at 1280 and 375 px.
//
//   node tests/browser/timeliness.mjs --base http://127.0.0.1:PORT --password PASSWORD --out target/screenshots
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Exits 1 on any failed step.

import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPage, portal, runSteps } from './chromium.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    password: { type: 'string', default: '' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base) {
  console.error('usage: node tests/browser/timeliness.mjs --base http://127.0.0.1:PORT --password PASSWORD');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const { browser, page, timer } = await openPage('timeliness', base, args.out, 120_000);
const { expectText, signIn, step } = portal(page, origin, args.out, 'timeliness');

/** Fails on any serious or critical axe violation of the page as it is. */
async function noSeriousViolations(width) {
  await page.setViewportSize({ width, height: 900 });
  // Evaluated through the debugging protocol: the portal's CSP refuses inline scripts.
  await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const r = await window.axe.run(document, { resultTypes: ['violations'] });
    return r.violations
      .filter((v) => v.impact === 'serious' || v.impact === 'critical')
      .map((v) => `${v.id}: ${v.help} (${v.nodes[0]?.target})`);
  });
  if (found.length) throw new Error(`axe at ${width}px: ${found.join('; ')}`);
}

await runSteps(browser, timer, async () => {
  await step('a system administrator opens the oversight page', async () => {
    await signIn('quantri', args.password);
    await Promise.all([page.waitForLoadState('load'), page.click('nav.main-nav a[href="/admin/timeliness"]')]);
    await expectText('Giám sát đăng tải đúng hạn');
    const caption = await page.textContent('table.timeliness-table caption');
    if (!caption.includes('Số việc đến hạn')) throw new Error(`caption: ${caption}`);
    await expectText('Sở Xây dựng tỉnh Sơn Hà');
    const titled = await page.locator('figure.timeliness-trend svg title').count();
    if (titled < 1) throw new Error('no trend chart with a title');
    await page.screenshot({ path: path.join(args.out, 'timeliness-1280.png'), fullPage: true });
    await noSeriousViolations(1280);
    await noSeriousViolations(375);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    if (overflow > 1) throw new Error(`the page is ${overflow}px wider than a phone`);
    await page.screenshot({ path: path.join(args.out, 'timeliness-375.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 900 });
  });
  await step('the board narrows the table to the departments', async () => {
    await page.selectOption('#kind', 'department');
    await Promise.all([page.waitForLoadState('load'), page.click('.filter-actions button[type=submit]')]);
    await expectText('Sở Xây dựng tỉnh Sơn Hà');
    const rows = await page.locator('table.timeliness-table tbody th[scope=row]').allTextContents();
    if (rows.some((r) => r.includes('Xã') || r.includes('xã'))) throw new Error(`a commune among the departments: ${rows}`);
  });
  await step('a late cell leads to the documents behind it', async () => {
    const late = page.locator('table.timeliness-table tbody a:has(.tag-warning)').first();
    await Promise.all([page.waitForLoadState('load'), late.click()]);
    await expectText('Các việc đến hạn');
    await expectText('Chậm');
    await noSeriousViolations(1280);
    await page.screenshot({ path: path.join(args.out, 'timeliness-items.png'), fullPage: true });
  });
  await step('the CSV downloads', async () => {
    await page.goto(`${origin}/admin/timeliness`);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('a[href^="/admin/timeliness.csv"]')]);
    const file = await download.path();
    const text = readFileSync(file, 'utf8');
    if (!text.includes('site,site_name,category,period,due,on_time,late,missing')) throw new Error('CSV header');
  });
});
