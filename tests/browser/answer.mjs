#!/usr/bin/env node
// A citizen's question answered in a real browser, after ask.mjs: the province board forwards
// it to a department, the department drafts the answer, an editor approves it, a board head
// publishes it, the question and its answer appear in the department's public Q&A without
// the asker's personal data, and the status page says it was answered.
//
//   node tests/browser/answer.mjs --base http://127.0.0.1:PORT --code HD-… --password PASSWORD --out target/screenshots
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Exits 1 on any failed step.

import path from 'node:path';
import { parseArgs } from 'node:util';
import { openPage, portal, runSteps } from './chromium.mjs';

const { values: args } = parseArgs({
  options: {
    base: { type: 'string' },
    code: { type: 'string' },
    password: { type: 'string' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base || !args.code || !args.password) {
  console.error('usage: node tests/browser/answer.mjs --base http://127.0.0.1:PORT --code HD-… --password PASSWORD');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const department = `http://skhcn.localhost:${base.port}`;
const { browser, page, timer } = await openPage('answer', base, args.out, 120_000);
const { expectText, signIn: signInAs, signOut, act, step } = portal(page, origin, args.out, 'answer');
const signIn = (user) => signInAs(user, args.password);
const title = 'Gia hạn thời hạn sử dụng đất nông nghiệp';
const answer = 'Hộ gia đình, cá nhân trực tiếp sản xuất nông nghiệp được tiếp tục sử dụng đất khi hết thời hạn mà không phải làm thủ tục gia hạn.';

async function openQuestion(site) {
  await page.goto(`${origin}/admin/sites/${site}/inbox`);
  await Promise.all([page.waitForURL(/\/admin\/inbox\/\d+$/), page.click(`a:text("${args.code}")`)]);
}

let revision = '';
await runSteps(browser, timer, async () => {
  await step('the province board forwards the question to a department', async () => {
    await signIn('truongban');
    await openQuestion('sonha');
    await expectText('Lê Thị Thu'); // the handlers see who asked
    await page.selectOption('#to', 'skhcn');
    await Promise.all([page.waitForLoadState('load'), page.click(`form[action$="/forward"] button[type=submit]`)]);
    await expectText('chuyển xử lý');
    await signOut();
  });
  await step('the department drafts the answer and submits it', async () => {
    await signIn('soantin');
    await openQuestion('skhcn');
    await page.fill('#a-title', title);
    await page.fill('#a-question', 'Đất nông nghiệp của gia đình tôi hết thời hạn sử dụng thì có được gia hạn không?');
    await page.fill('#a-answer', answer);
    await Promise.all([page.waitForURL(/\/admin\/revisions\/\d+$/), page.click(`form[action$="/answer"] button[type=submit]`)]);
    revision = page.url();
    await act('submit');
    await expectText('Chờ duyệt');
    await page.screenshot({ path: path.join(args.out, 'answer-submitted.png'), fullPage: true });
    await signOut();
  });
  await step('another editor approves it', async () => {
    await signIn('skhcn.bientap');
    await page.goto(revision);
    await act('approve');
    await expectText('Đã duyệt');
    await signOut();
  });
  await step('a board head publishes it', async () => {
    await signIn('truongban');
    await page.goto(revision);
    await act('publish');
    await expectText('Đã xuất bản');
    await signOut();
  });
  await step('the question and answer are public, without who asked', async () => {
    await page.goto(`${department}/hoi-dap`);
    await Promise.all([page.waitForLoadState('load'), page.click(`a:text("${title}")`)]);
    await expectText('không phải làm thủ tục gia hạn');
    const body = await page.textContent('body');
    for (const personal of ['Lê Thị Thu', '@example.org']) {
      if (body.includes(personal)) throw new Error(`"${personal}" is published`);
    }
    await page.screenshot({ path: path.join(args.out, 'answer-public.png'), fullPage: true });
  });
  await step('the status page says it was answered', async () => {
    await page.goto(`${origin}/hoi-dap/tra-cuu?code=${args.code}`);
    await expectText('Đã trả lời đúng hạn');
  });
});
