#!/usr/bin/env node
// A public consultation in a real browser, in three steps the test runs between moves of
// the clock:
//   --step comment  a citizen comments on Điều 3 of the open draft (its form posts to the
//                   consultation's own address);
//   --step moderate a moderator approves the comment, which then appears on the page;
//   --step report   after closing, the agency answers it, another editor approves, a board
//                   head publishes, and the report is on the page.
//
//   node tests/browser/consult.mjs --base http://127.0.0.1:PORT --path /lay-y-kien/ID-SLUG --step STEP --password PASSWORD --out target/screenshots
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Exits 1 on any failed step.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPage, portal, runSteps } from './chromium.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    path: { type: 'string' },
    step: { type: 'string' },
    password: { type: 'string', default: '' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base || !args.path || !args.step) {
  console.error('usage: node tests/browser/consult.mjs --base http://127.0.0.1:PORT --path PATH --step comment|moderate|report');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const department = `http://skhcn.localhost:${base.port}`;
const page_url = `${department}${args.path}`;
const id = args.path.split('/')[2].split('-')[0];
const { browser, page, timer } = await openPage('consult', base, args.out, 120_000);
const { expectText, signIn: signInAs, signOut, act, step } = portal(page, origin, args.out, 'consult');
const signIn = (user) => signInAs(user, args.password);
const comment = 'Đề nghị kéo dài thời hạn công bố tuyển chọn lên 45 ngày để doanh nghiệp kịp chuẩn bị.';

await runSteps(browser, timer, async () => {
  if (args.step === 'comment') {
    await step('a citizen comments on Điều 3', async () => {
      await page.goto(page_url);
      const action = await page.getAttribute('form.consultation-comment-form', 'action');
      if (action !== `/lay-y-kien/${id}/gop-y`) throw new Error(`the form posts to ${action}`);
      await page.fill('#name', 'Võ Thị Lan');
      await page.fill('#email', 'lan@example.org');
      await page.selectOption('#article', 'dieu-3');
      await page.fill('#comment', comment);
      await page.check('input[name=consent]');
      await Promise.all([page.waitForLoadState('load'), page.click('form.consultation-comment-form button[type=submit]')]);
      await expectText('Đã nhận góp ý');
      await page.screenshot({ path: path.join(args.out, 'consult-received.png'), fullPage: true });
    });
  } else if (args.step === 'moderate') {
    await step('a moderator approves the comment', async () => {
      await signIn('bientap');
      await page.goto(`${origin}/admin/sites/skhcn/consultations`);
      await expectText(comment);
      // Every comment waiting is approved (the report needs every one moderated).
      while ((await page.locator('li.moderation-item button[value=approve]').count()) > 0) {
        await Promise.all([page.waitForLoadState('load'), page.locator('li.moderation-item button[value=approve]').first().click()]);
      }
      await expectText('Không có góp ý nào chờ kiểm duyệt');
      await signOut();
    });
    await step('the comment appears with its article', async () => {
      await page.goto(page_url);
      await expectText(comment);
      await expectText('Võ Thị Lan');
      if ((await page.textContent('body')).includes('lan@example.org')) throw new Error('the address is public');
    });
  } else if (args.step === 'report') {
    let revision = '';
    await step('the agency answers every comment and asks to publish the report', async () => {
      await signIn('soantin');
      await page.goto(`${origin}/admin/sites/skhcn/consultations/${id}/edit`);
      const rows = page.locator('.answer-row');
      const count = await rows.count();
      if (count === 0) throw new Error('no comment to answer');
      for (let i = 0; i < count; i++) {
        const row = rows.nth(i);
        await row.locator('select').selectOption('partly_accepted');
        await row.locator('textarea').fill('Tiếp thu một phần: thời hạn công bố là 30 ngày.');
      }
      await page.check('#report_published');
      await Promise.all([page.waitForURL(/\/admin\/content\/\d+$/), page.click('form.admin-form button[type=submit]')]);
      await Promise.all([page.waitForURL(/\/admin\/revisions\/\d+$/), page.click('a[href*="/revisions/"]')]);
      revision = page.url();
      await act('submit');
      await signOut();
    });
    await step('another editor approves, a board head publishes', async () => {
      await signIn('skhcn.bientap');
      await page.goto(revision);
      await act('approve');
      await signOut();
      await signIn('truongban');
      await page.goto(revision);
      await act('publish');
      await expectText('Đã xuất bản');
      await signOut();
    });
    await step('the report is on the consultation page', async () => {
      await page.goto(page_url);
      await expectText('Báo cáo tổng hợp, tiếp thu, giải trình');
      await expectText('Tiếp thu một phần: thời hạn công bố là 30 ngày.');
      await expectText('Đã hết hạn góp ý');
      await page.screenshot({ path: path.join(args.out, 'consult-report.png'), fullPage: true });
    });
  } else {
    throw new Error(`unknown step ${args.step}`);
  }
});
