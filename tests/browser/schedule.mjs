#!/usr/bin/env node
// A leaders' work schedule in a real browser: a contributor enters a week in the week form
// and submits it, an editor approves it, a board head publishes it, and a citizen reads it at
// /lich-cong-tac and /en/work-schedule and downloads the site's iCalendar feed (text/calendar,
// with the new entry in it).
//
//   node tests/browser/schedule.mjs --base http://127.0.0.1:PORT --password PASSWORD --week 2026-W49 --out target/screenshots
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
    week: { type: 'string' },
    out: { type: 'string', default: 'target/screenshots' },
  },
  strict: true,
});
if (!args.base || !args.password || !args.week) {
  console.error('usage: node tests/browser/schedule.mjs --base http://127.0.0.1:PORT --password PASSWORD --week 2026-W49');
  process.exit(2);
}
const base = new URL(args.base);
const origin = `http://localhost:${base.port}`;
const { browser, page, timer } = await openPage('schedule', base, args.out, 90_000);
const { expectText, signIn: signInAs, signOut, act, step } = portal(page, origin, args.out, 'schedule');
const signIn = (user) => signInAs(user, args.password);
const stamp = Date.now() % 100000;
const content = `Làm việc với Đoàn kiểm tra số ${stamp}`;
const contentEn = `Meeting the inspection team no. ${stamp}`;
let item = '';

/** Takes the week's latest revision through one transition, signed in as `user`. */
async function transition(user, name, stateText) {
  await signIn(user);
  await page.goto(item);
  await page.click('a[href*="/admin/revisions/"]');
  await act(name);
  await expectText(stateText);
  await signOut();
}

await runSteps(browser, timer, async () => {
  await step('a contributor enters the week and submits it', async () => {
    await signIn('soantin');
    await page.goto(`${origin}/admin/sites/sonha/content`);
    await Promise.all([page.waitForLoadState('load'), page.click('a[href="/admin/sites/sonha/schedule"]')]);
    await page.goto(`${origin}/admin/sites/sonha/schedule?tuan=${args.week}`);
    await expectText(args.week);
    // The first row: Tuesday of the week, 08:00 to 10:30, presided by the chairman.
    const days = await page.locator('#e0-day option').evaluateAll((o) => o.map((x) => x.value));
    await page.selectOption('#e0-day', days[1]);
    await page.fill('#e0-start', '08:00');
    await page.fill('#e0-end', '10:30');
    await page.fill('#e0-content', content);
    await page.fill('#e0-content_en', contentEn);
    await page.fill('#e0-location', 'Phòng họp số 1');
    await page.fill('#e0-location_en', 'Meeting room 1');
    const leaders = await page.locator('#e0-leader option').evaluateAll((o) => o.map((x) => x.value).filter(Boolean));
    if (!leaders.length) throw new Error('no leader offered');
    await page.selectOption('#e0-leader', leaders[0]);
    await page.screenshot({ path: path.join(args.out, 'admin-schedule-week.png'), fullPage: true });
    await Promise.all([page.waitForURL(/\/admin\/content\/\d+$/), page.click('form[action$="/schedule"] button[type=submit]')]);
    item = page.url();
    await page.click('a[href*="/admin/revisions/"]');
    await act('submit');
    await expectText('Chờ duyệt');
    await signOut();
  });
  await step('an editor approves', () => transition('bientap', 'approve', 'Đã duyệt'));
  await step('a board head publishes', () => transition('truongban', 'publish', 'Đã xuất bản'));
  await step('a citizen reads the week in Vietnamese and English', async () => {
    await page.goto(`${origin}/lich-cong-tac?tuan=${args.week}`);
    await expectText(content);
    await expectText('Phòng họp số 1');
    await page.screenshot({ path: path.join(args.out, 'public-schedule-week.png'), fullPage: true });
    await page.goto(`${origin}/en/work-schedule?week=${args.week}`);
    await expectText(contentEn);
    await expectText('Meeting room 1');
  });
  await step('a citizen downloads the calendar', async () => {
    await page.goto(`${origin}/lich-cong-tac?tuan=${args.week}`);
    const href = await page.locator('a[href$=".ics"]').first().getAttribute('href');
    const feed = await page.request.get(new URL(href, page.url()).toString());
    if (feed.status() !== 200) throw new Error(`the feed answered ${feed.status()}`);
    const type = feed.headers()['content-type'] || '';
    if (!type.startsWith('text/calendar')) throw new Error(`the feed is ${type}`);
    // RFC 5545 folds long lines: a line break followed by a space continues the line.
    const text = (await feed.text()).replace(/\r\n[ \t]/g, '');
    if (!text.startsWith('BEGIN:VCALENDAR')) throw new Error('not an iCalendar file');
    if (!text.includes(content)) throw new Error('the new entry is not in the feed');
  });
});
