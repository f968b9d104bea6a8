#!/usr/bin/env node
// The two-person rule in a real browser: a contributor writes a news item and submits it,
// an editor approves it, a board head publishes it, and it appears on the public site.
//
//   node tests/browser/workflow.mjs --base http://127.0.0.1:PORT --password PASSWORD --out target/screenshots
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Exits 1 on any failed step.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPage, portal, runSteps } from './chromium.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    password: { type: 'string' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base || !args.password) {
  console.error('usage: node tests/browser/workflow.mjs --base http://127.0.0.1:PORT --password PASSWORD');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const { browser, page, timer } = await openPage('workflow', base, args.out, 90_000);
const title = `Khai trương bưu cục số ${Date.now() % 100000}`;

const { expectText, signIn: signInAs, signOut, act, step } = portal(page, origin, args.out, 'workflow');
const signIn = (user) => signInAs(user, args.password);

await runSteps(browser, timer, async () => {
  await step('contributor writes and submits', async () => {
    await signIn('soantin');
    await page.goto(`${origin}/admin/sites/sonha/content/new?kind=news&lang=vi`);
    await page.fill('#title', title);
    await page.fill('#summary', 'Bưu cục số phục vụ người dân 24/7.');
    await page.fill('#body_markdown', 'Sáng nay, tỉnh Sơn Hà **khai trương** bưu cục số đầu tiên.');
    await page.click('button[value=preview]');
    await expectText('khai trương');
    await page.screenshot({ path: path.join(args.out, 'admin-editor-preview.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/content\/\d+$/), page.click('button[value=save]')]);
    await page.click('a[href*="/admin/revisions/"]');
    await act('submit');
    await expectText('Chờ duyệt');
    // The two-person rule: the author is offered no approval or publication.
    for (const forbidden of ['approve', 'publish']) {
      if (await page.locator(`form.action-${forbidden}`).count()) throw new Error(`the author is offered ${forbidden}`);
    }
    await signOut();
  });
  await step('the author cannot approve, an editor approves', async () => {
    await signIn('bientap');
    await page.click(`text=${title}`);
    await page.screenshot({ path: path.join(args.out, 'admin-revision.png'), fullPage: true });
    await act('approve');
    await expectText('Đã duyệt');
    await signOut();
  });
  await step('a board head publishes', async () => {
    await signIn('truongban');
    await page.click(`text=${title}`);
    await act('publish');
    await expectText('Đã xuất bản');
    await signOut();
  });
  await step('the article is on the public site', async () => {
    await page.goto(`${origin}/tin-tuc`);
    await Promise.all([page.waitForLoadState('load'), page.click(`text=${title}`)]);
    await expectText('bưu cục số đầu tiên');
    await page.screenshot({ path: path.join(args.out, 'public-published.png'), fullPage: true });
  });
});
