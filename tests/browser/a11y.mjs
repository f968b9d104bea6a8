#!/usr/bin/env node
// Real-browser accessibility check of a running Cổng server: every page type, at a desktop
// width (1280 px) and a phone width (375 px), and the design system's promises on each.
//
//   node tests/browser/a11y.mjs --base http://127.0.0.1:PORT --subsite skhcn --password PW --out target/screenshots
//
// The server picks the site by Host header: the province portal answers at
// http://localhost:PORT/ and a sub-site at http://<subsite>.localhost:PORT/.
// Both names are pinned to the address of --base inside Chromium, so nothing
// is resolved outside the machine.
//
// Uses the system Chromium (CHROMIUM_PATH, default /usr/bin/chromium) through
// playwright-core; never downloads a browser. Runs axe-core (WCAG 2.0/2.1 A and
// AA rules) on each page at both widths, checks that nothing scrolls sideways at
// 375 px, that the header carries the search form, that controls in <main> have the
// system's look and that number-symbols do not break; exits 1 on any "serious" or
// "critical" violation or failed check, 0 when every step passed, 2 on a usage error.
// With --password, the admin dashboard and the editor are checked too (as `truongban`).

import { existsSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { parseArgs } from 'node:util';

const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];
const BLOCKING_IMPACTS = new Set(['serious', 'critical']);
const TOTAL_TIMEOUT_MS = Number(process.env.A11Y_TIMEOUT_MS) || 300_000;
const ACTION_TIMEOUT_MS = 15_000;
const NAVIGATION_TIMEOUT_MS = 20_000;
const LAUNCH_TIMEOUT_MS = 30_000;
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const NARROW = { width: 320, height: 800 }; // WCAG 1.4.10 reflow width

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-proxy-server',
];

function usage(message) {
  if (message) console.error(`a11y: ${message}`);
  console.error(
    'usage: node tests/browser/a11y.mjs --base http://127.0.0.1:PORT [--subsite skhcn] [--out target/screenshots]',
  );
  process.exit(2);
}

let args;
try {
  ({ values: args } = parseArgs({
    options: {
      base: { type: 'string' },
      subsite: { type: 'string', default: 'skhcn' },
      password: { type: 'string' },
      out: { type: 'string', default: 'target/screenshots' },
      help: { type: 'boolean', short: 'h', default: false },
    },
    strict: true,
  }));
} catch (err) {
  usage(err.message);
}
if (args.help) usage();
if (!args.base) usage('--base is required');

let base;
try {
  base = new URL(args.base);
} catch {
  usage(`--base is not a URL: ${args.base}`);
}
if (!/^[a-z0-9-]+$/i.test(args.subsite)) usage(`--subsite must be a single DNS label: ${args.subsite}`);

const port = base.port || (base.protocol === 'https:' ? '443' : '80');
const scheme = base.protocol.replace(/:$/, '');
const provinceHome = `${scheme}://localhost:${port}/`;
const subsiteHome = `${scheme}://${args.subsite}.localhost:${port}/`;
const outDir = path.resolve(args.out);
const baseHost = base.hostname; // "127.0.0.1", "[::1]" or a name
const isIpLiteral = /^\d{1,3}(\.\d{1,3}){3}$/.test(baseHost) || baseHost.startsWith('[');

// Pin localhost and *.localhost to the server's address (Chromium already keeps
// *.localhost on loopback; this also picks IPv4 vs IPv6 to match the server).
if (isIpLiteral) {
  CHROMIUM_ARGS.push(`--host-resolver-rules=MAP localhost ${baseHost}, MAP *.localhost ${baseHost}`);
}

const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`a11y: no Chromium at ${executablePath} (install the Debian package "chromium" or set CHROMIUM_PATH)`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
let chromium;
let axePath;
try {
  ({ chromium } = await import('playwright-core'));
  axePath = require.resolve('axe-core/axe.min.js');
} catch (err) {
  console.error(`a11y: ${err.message}`);
  console.error('a11y: install the test dependencies first: npm ci --prefix tests/browser');
  process.exit(1);
}

// ---------------------------------------------------------------------------

const results = []; // { name, ok, lines: [] }
let browser;

const watchdog = setTimeout(async () => {
  console.error(`FAIL a11y: gave up after ${Math.round(TOTAL_TIMEOUT_MS / 1000)} s`);
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 2000))]);
  } finally {
    process.exit(1);
  }
}, TOTAL_TIMEOUT_MS);

function isLocalHost(hostname) {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === baseHost ||
    hostname === baseHost.replace(/^\[|\]$/g, '')
  );
}

/** Problems seen by the page's listeners since the last drain(). */
const pageProblems = [];

function watchPage(page) {
  page.on('pageerror', (err) => pageProblems.push(`script error: ${String(err.message).split('\n')[0]}`));
  page.on('response', (res) => {
    const req = res.request();
    if (res.status() < 400 || req.isNavigationRequest()) return;
    const url = new URL(req.url());
    pageProblems.push(`${res.status()} for ${req.resourceType()} ${url.pathname}${url.search}`);
  });
  page.on('requestfailed', (req) => {
    const url = new URL(req.url());
    if (!isLocalHost(url.hostname)) return; // reported by the route handler
    const why = req.failure()?.errorText ?? 'failed';
    // A request cut short because the page moved on (a superseded navigation, an image of
    // a page just left); server failures are reported by their status above.
    if (why === 'net::ERR_ABORTED') return;
    pageProblems.push(`request failed (${why}): ${url.pathname}`);
  });
}

function drainProblems() {
  return pageProblems.splice(0, pageProblems.length);
}

async function documentInfo(page) {
  return page.evaluate(() => ({
    lang: document.documentElement.getAttribute('lang'),
    title: document.title.trim(),
    h1: (document.querySelector('h1')?.textContent ?? '').replace(/\s+/g, ' ').trim(),
    hasSkipLink: !!document.querySelector('a.skip-link[href="#main"]'),
    hasMain: !!document.getElementById('main'),
    path: location.pathname,
  }));
}

async function runAxe(page) {
  await page.addScriptTag({ path: axePath });
  return page.evaluate(async (tags) => {
    const report = await window.axe.run(document, {
      runOnly: { type: 'tag', values: tags },
      resultTypes: ['violations'],
    });
    return report.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? 'unknown',
      help: v.help,
      nodes: v.nodes.length,
      target: v.nodes[0] ? v.nodes[0].target.flat(Infinity).join(' ') : '',
    }));
  }, AXE_TAGS);
}

/** Runs axe, records the violations in `step`, returns the blocking count. */
async function axeCheck(page, step) {
  const violations = await runAxe(page);
  let blocking = 0;
  for (const v of violations) {
    if (BLOCKING_IMPACTS.has(v.impact)) blocking += 1;
    step.lines.push(
      `  ${v.impact.padEnd(8)} ${v.id} (${v.nodes} node${v.nodes === 1 ? '' : 's'}) e.g. ${v.target || '?'}: ${v.help}`,
    );
  }
  step.blocking = blocking;
  step.violations = violations.length;
  if (blocking > 0) step.ok = false;
  return blocking;
}

/** Fails `step` with `message` unless `condition` holds. */
function expect(step, condition, message) {
  if (!condition) {
    step.ok = false;
    step.lines.push(`  check failed: ${message}`);
  }
  return condition;
}

async function goto(page, url) {
  const res = await page.goto(url, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
  if (!res) throw new Error(`no response for ${url}`);
  if (res.status() >= 400) throw new Error(`HTTP ${res.status()} for ${url}`);
  return res;
}

async function screenshot(page, file) {
  await page.screenshot({
    path: path.join(outDir, file),
    fullPage: true,
    animations: 'disabled',
    timeout: ACTION_TIMEOUT_MS,
  });
}

/** Lets the page's navigation finish after a click and checks its status. */
async function clickAndWait(page, locator, accept) {
  const navigation = page.waitForResponse(
    (res) => res.request().isNavigationRequest() && res.frame() === page.mainFrame(),
    { timeout: NAVIGATION_TIMEOUT_MS },
  );
  await locator.click({ timeout: ACTION_TIMEOUT_MS });
  const res = await navigation;
  await page.waitForURL(accept, { waitUntil: 'load', timeout: NAVIGATION_TIMEOUT_MS });
  if (res.status() >= 400) throw new Error(`HTTP ${res.status()} for ${res.url()}`);
  return res;
}

/** Is the page wider than the viewport (WCAG 1.4.10 reflow)? */
async function horizontalOverflow(page) {
  return page.evaluate(() => {
    const doc = document.documentElement;
    return Math.max(doc.scrollWidth, document.body?.scrollWidth ?? 0) - window.innerWidth;
  });
}

/**
 * The design system's promises on the page shown: the header's search form (public pages),
 * controls in <main> with the system's look, number-symbols kept on one line.
 */
async function designChecks(page, step, { admin = false } = {}) {
  const facts = await page.evaluate(() => {
    const search = document.querySelector('header form[role="search"]');
    const controls = [...document.querySelectorAll('main select, main input[type="text"], main input[type="search"], main input[type="email"], main input:not([type]), main textarea')]
      .filter((el) => el.offsetParent !== null)
      .map((el) => {
        const cs = getComputedStyle(el);
        return {
          id: el.id || el.name,
          size: parseFloat(cs.fontSize),
          background: cs.backgroundColor,
          border: parseFloat(cs.borderTopWidth),
          appearance: el.tagName === 'SELECT' ? cs.appearance : 'none',
        };
      });
    const symbols = [...document.querySelectorAll('main .symbol')].map((el) => getComputedStyle(el).whiteSpace);
    return {
      search: search ? { q: !!search.querySelector('input[name="q"]'), legal: !!search.querySelector('input[name="kind"][value="legal"]'), action: search.getAttribute('action') } : null,
      controls,
      symbols,
    };
  });
  if (!admin) {
    expect(step, facts.search !== null, 'no form[role=search] inside the page header');
    if (facts.search) {
      expect(step, facts.search.q && facts.search.legal, 'the header search has no q field or no legal-documents option');
      expect(step, /\/(tim-kiem|en\/search)$/.test(facts.search.action ?? ''), `the header search sends to ${facts.search.action}`);
    }
  }
  for (const c of facts.controls) {
    expect(step, c.size >= 14, `control ${c.id} has ${c.size}px text`);
    expect(step, c.background !== 'rgba(0, 0, 0, 0)' && c.border >= 2 && c.appearance === 'none', `control ${c.id} keeps the browser's look`);
  }
  expect(step, facts.symbols.every((w) => w === 'nowrap'), 'a number-symbol may break across lines');
}

/** axe, the design checks and screenshots at 1280 px, then axe and reflow at 375 px. */
async function checkBothWidths(page, step, name, url, options = {}) {
  if (url) await goto(page, url);
  await page.setViewportSize(DESKTOP);
  await axeCheck(page, step);
  await designChecks(page, step, options);
  await screenshot(page, `${name}-1280.png`);
  await page.setViewportSize(PHONE);
  const blocking = step.blocking;
  const before = step.violations;
  await axeCheck(page, step);
  step.blocking += blocking;
  step.violations += before;
  if (step.blocking > 0) step.ok = false;
  const overflow = await horizontalOverflow(page);
  expect(step, overflow <= 1, `${name} is ${overflow}px wider than a 375px screen`);
  await screenshot(page, `${name}-375.png`);
  await page.setViewportSize(DESKTOP);
}

async function step(name, fn) {
  const s = { name, ok: true, lines: [], blocking: 0, violations: 0 };
  results.push(s);
  try {
    await fn(s);
  } catch (err) {
    s.ok = false;
    s.lines.push(`  error: ${String(err.message ?? err).split('\n')[0]}`);
  }
  for (const problem of drainProblems()) {
    s.ok = false;
    s.lines.push(`  page problem: ${problem}`);
  }
  const summary = `${s.blocking} serious violation${s.blocking === 1 ? '' : 's'}` +
    (s.violations > s.blocking ? `, ${s.violations - s.blocking} minor` : '');
  console.log(`${s.ok ? 'ok' : 'FAIL'} ${name}: ${summary}`);
  for (const line of s.lines) console.log(line);
  return s;
}

// ---------------------------------------------------------------------------

let exitCode = 1;
try {
  mkdirSync(outDir, { recursive: true });

  browser = await chromium.launch({
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    timeout: LAUNCH_TIMEOUT_MS,
  });
  const context = await browser.newContext({
    viewport: DESKTOP,
    deviceScaleFactor: 1,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
    bypassCSP: true, // axe is injected as an inline script
    serviceWorkers: 'block',
  });
  // Everything must come from the server under test: no fonts, scripts or
  // trackers from elsewhere. Such requests are blocked and reported.
  await context.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.protocol === 'data:' || url.protocol === 'blob:' || isLocalHost(url.hostname)) {
      return route.continue();
    }
    pageProblems.push(`external request blocked: ${url.protocol}//${url.host}${url.pathname}`);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.setDefaultTimeout(ACTION_TIMEOUT_MS);
  page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  watchPage(page);

  let province = null;

  // (1) Province home, Vietnamese.
  await step('province-vi', async (s) => {
    await goto(page, provinceHome);
    province = await documentInfo(page);
    expect(s, /^vi(-|$)/i.test(province.lang ?? ''), `<html lang> is "${province.lang}", expected "vi"`);
    expect(s, province.hasSkipLink, 'no a.skip-link[href="#main"]');
    expect(s, province.hasMain, 'no element with id="main"');
    await axeCheck(page, s);
    await screenshot(page, 'province-vi.png');

    // Reflow: nothing may stick out sideways at 320 CSS px.
    await page.setViewportSize(NARROW);
    const overflow = await horizontalOverflow(page);
    expect(s, overflow <= 1, `page is ${overflow}px wider than a 320px viewport (WCAG 1.4.10)`);
    await screenshot(page, 'province-vi-narrow.png');
    await page.setViewportSize(DESKTOP);
  });

  // (2) Switch to English with the language link.
  await step('province-en', async (s) => {
    if (!page.url().startsWith(provinceHome)) await goto(page, provinceHome);
    const link = page.locator('nav.lang-switch a[hreflang="en"]').first();
    await clickAndWait(page, link, (url) => url.pathname.startsWith('/en'));
    const info = await documentInfo(page);
    expect(s, info.path.startsWith('/en/') || info.path === '/en', `path is "${info.path}", expected /en/...`);
    expect(s, /^en(-|$)/i.test(info.lang ?? ''), `<html lang> is "${info.lang}", expected "en"`);
    await axeCheck(page, s);
    await screenshot(page, 'province-en.png');
  });

  // (3) A sub-site: its own name, still Vietnamese.
  await step('subsite-vi', async (s) => {
    await goto(page, subsiteHome);
    const info = await documentInfo(page);
    expect(s, /^vi(-|$)/i.test(info.lang ?? ''), `<html lang> is "${info.lang}", expected "vi"`);
    if (province) {
      expect(
        s,
        info.title !== province.title || info.h1 !== province.h1,
        `title and h1 are the province's ("${info.title}" / "${info.h1}"): Host ${args.subsite}.localhost not told apart`,
      );
    }
    await axeCheck(page, s);
    await screenshot(page, 'subsite-vi.png');
  });

  // (4) A news article reached from the province home, on screen and in print.
  await step('article-vi', async (s) => {
    await goto(page, provinceHome);
    let link = null;
    for (const selector of [
      'section.home-news .card-list a[href]',
      '.card-list a[href]',
      'section.home-news a[href]',
    ]) {
      const candidate = page.locator(selector).first();
      if ((await candidate.count()) > 0) {
        link = candidate;
        break;
      }
    }
    if (!link) throw new Error('no news link on the province home (section.home-news a, .card-list a)');
    const href = await link.getAttribute('href');
    const target = new URL(href, page.url());
    await clickAndWait(page, link, (url) => url.pathname === target.pathname);
    const info = await page.evaluate(() => ({
      article: !!document.querySelector('article.article'),
      h1: (document.querySelector('article.article h1, h1')?.textContent ?? '').trim(),
      lang: document.documentElement.getAttribute('lang'),
    }));
    expect(s, info.article, `no article.article at ${target.pathname}`);
    expect(s, info.h1.length > 0, 'the article has no h1');
    expect(s, /^vi(-|$)/i.test(info.lang ?? ''), `<html lang> is "${info.lang}", expected "vi"`);
    await axeCheck(page, s);
    await screenshot(page, 'article-vi.png');

    await page.setViewportSize(NARROW);
    const overflow = await horizontalOverflow(page);
    if (overflow > 1) s.lines.push(`  note: article is ${overflow}px wider than a 320px viewport`);
    await page.setViewportSize(DESKTOP);

    await page.emulateMedia({ media: 'print' });
    const shown = await page.evaluate(() =>
      ['nav.main-nav', '.skip-link', 'nav.lang-switch', '.print-link']
        .filter((sel) => {
          const el = document.querySelector(sel);
          return el && getComputedStyle(el).display !== 'none';
        }),
    );
    expect(s, shown.length === 0, `print styles do not hide ${shown.join(', ')} (is print.css linked with media="print"?)`);
    await screenshot(page, 'article-print.png');
    await page.emulateMedia({ media: null });
  });

  // (5) Every page type, at the desktop and the phone width.
  const firstLink = async (path, selector) => {
    await goto(page, new URL(path, provinceHome).href);
    const href = await page.locator(selector).first().getAttribute('href');
    if (!href) throw new Error(`no ${selector} on ${path}`);
    return new URL(href, page.url()).href;
  };
  const pageTypes = [
    ['news-list', () => new URL('/tin-tuc', provinceHome).href],
    ['page', () => firstLink('/', 'nav.main-nav a[href*="/trang/"]')],
    ['legal-list', () => new URL('/van-ban', provinceHome).href],
    ['legal-document', () => firstLink('/van-ban', 'table.legal-table a.item-link')],
    ['legal-document-en', () => firstLink('/en/legal-documents', 'table.legal-table a.item-link')],
    ['services-list', () => new URL('/thu-tuc-hanh-chinh', provinceHome).href],
    ['procedure', () => firstLink('/thu-tuc-hanh-chinh', 'table.services-table a.item-link')],
    ['search-results', () => new URL('/tim-kiem?q=chuy%E1%BB%83n%20%C4%91%E1%BB%95i%20s%E1%BB%91', provinceHome).href],
    ['questions', () => new URL('/hoi-dap', subsiteHome).href],
    ['contact', () => new URL('/lien-he', provinceHome).href],
    ['gazette', () => new URL('/cong-bao', provinceHome).href],
    ['news-categories', () => new URL('/tin-tuc/chuyen-muc', provinceHome).href],
    ['news-category', () => firstLink('/tin-tuc/chuyen-muc', 'main a[href*="/tin-tuc/chuyen-muc/"]')],
    ['organisation', () => new URL('/co-cau-to-chuc', provinceHome).href],
    ['organisation-unit', () => firstLink('/co-cau-to-chuc', 'main a[href*="/co-cau-to-chuc/"]')],
    ['directory', () => new URL('/danh-ba', provinceHome).href],
    ['official', () => firstLink('/danh-ba', 'main a[href*="/danh-ba/"]:not([href$=".vcf"])')],
    ['schedule', () => new URL('/lich-cong-tac', provinceHome).href],
    ['consultations', () => new URL('/lay-y-kien', subsiteHome).href],
    ['consultation', async () => {
      await goto(page, new URL('/lay-y-kien', subsiteHome).href);
      const href = await page.evaluate(() =>
        [...document.querySelectorAll('main a[href]')].map((a) => a.href).find((h) => /\/lay-y-kien\/\d/.test(new URL(h).pathname) && !new URL(h).search),
      );
      if (!href) throw new Error('no consultation on /lay-y-kien');
      return href;
    }],
    ['site-map', () => new URL('/so-do-trang', provinceHome).href],
    ['projects-list', () => new URL('/du-an', provinceHome).href],
    ['project', () => firstLink('/du-an', 'table.projects-table a.item-link')],
    ['procurement-list', () => new URL('/dau-thau', provinceHome).href],
    ['procurement-notice', () => firstLink('/dau-thau', 'table.procurement-table a.item-link')],
    ['statistics-list', () => new URL('/thong-ke', provinceHome).href],
    ['dataset', () => firstLink('/thong-ke?period=quarter', 'table.statistics-table a.item-link')],
    ['release-calendar', () => new URL('/thong-ke/lich-cong-bo', provinceHome).href],
    ['plans-list', () => new URL('/quy-hoach-ke-hoach', provinceHome).href],
    ['plan', () => firstLink('/quy-hoach-ke-hoach', 'table.plans-table a.item-link')],
    ['budget-list', () => new URL('/cong-khai-ngan-sach', provinceHome).href],
    ['budget-disclosure', () => firstLink('/cong-khai-ngan-sach', 'table.budget-table a.item-link')],
    ['science-list', () => new URL('/khoa-hoc-cong-nghe', provinceHome).href],
    ['science-task', () => firstLink('/khoa-hoc-cong-nghe', 'table.science-table a.item-link')],
  ];
  for (const [name, url] of pageTypes) {
    await step(name, async (s) => {
      await checkBothWidths(page, s, name, await url());
    });
  }

  // (5b) The alert and maintenance banners: shown on the pages of their sites, announced
  // to assistive technology (alert, status), at both widths.
  await step('banners', async (s) => {
    await goto(page, subsiteHome);
    const kinds = await page.evaluate(() =>
      [...document.querySelectorAll('.banner')].map((b) => `${b.className}|${b.getAttribute('role')}`),
    );
    expect(s, kinds.some((k) => k.includes('banner-alert|alert')), `no alert banner (${kinds.join(', ')})`);
    expect(s, kinds.some((k) => k.includes('banner-maintenance|status')), `no maintenance banner (${kinds.join(', ')})`);
    await checkBothWidths(page, s, 'banners', null);
  });

  // (6) The ask form sent with mistakes: errors beside their fields, summary first.
  await step('ask-with-errors', async (s) => {
    await goto(page, new URL('/hoi-dap/dat-cau-hoi', provinceHome).href);
    await page.fill('#name', 'Lê Thị Thu');
    await page.fill('#email', 'khong-phai-thu');
    const answer = page.waitForResponse((res) => res.request().isNavigationRequest(), { timeout: NAVIGATION_TIMEOUT_MS });
    await page.click('form.ask-form button[type=submit]');
    expect(s, (await answer).status() === 400, 'the form with mistakes is not answered 400');
    await page.waitForLoadState('load');
    drainProblems(); // the 400 answer to the form is intended
    const info = await page.evaluate(() => ({
      summary: !!document.querySelector('.error-summary a[href="#email"]'),
      described: document.getElementById('email')?.getAttribute('aria-describedby') ?? '',
      focused: document.activeElement?.id ?? '',
    }));
    expect(s, info.summary, 'no error summary linking to #email');
    expect(s, info.described.includes('email-error'), 'the e-mail field is not described by its error');
    expect(s, info.focused === 'error-summary', `focus is on "${info.focused}", not on the error summary`);
    await checkBothWidths(page, s, 'ask-with-errors', null);
  });

  // (7) A question's status, by the tracking code of a question asked here.
  await step('status', async (s) => {
    await goto(page, new URL('/hoi-dap/dat-cau-hoi', provinceHome).href);
    await page.fill('#name', 'Lê Thị Thu');
    await page.fill('#email', 'thu@example.org');
    await page.selectOption('#field', { index: 1 });
    await page.fill('#title', 'Thủ tục cấp giấy phép xây dựng nhà ở');
    await page.fill('#question', 'Xin hỏi hồ sơ cấp giấy phép xây dựng nhà ở riêng lẻ gồm những giấy tờ gì?');
    await clickAndWait(page, page.locator('form.ask-form button[type=submit]'), () => true);
    await axeCheck(page, s);
    await screenshot(page, 'ask-received.png');
    const code = (await page.textContent('.tracking-code'))?.trim();
    expect(s, /^HD-/.test(code ?? ''), `no tracking code on the confirmation (${code})`);
    await checkBothWidths(page, s, 'status', new URL(`/hoi-dap/tra-cuu?code=${code}`, provinceHome).href);
    const tag = await page.locator('.question-status .tag').count();
    expect(s, tag === 1, 'the standing is not a tag');
  });

  // (8) The phone menu: closed, opened by its button, usable without scripts through #main-nav.
  await step('phone-menu', async (s) => {
    await page.setViewportSize(PHONE);
    await goto(page, provinceHome);
    const shown = () => page.evaluate(() => getComputedStyle(document.getElementById('main-nav')).display !== 'none');
    expect(s, !(await shown()), 'the menu is open on a phone before it is asked for');
    await page.click('a.menu-toggle');
    expect(s, await shown(), 'the Menu button does not open the menu');
    expect(s, (await page.getAttribute('a.menu-toggle', 'aria-expanded')) === 'true', 'the Menu button does not say it is expanded');
    await screenshot(page, 'phone-menu.png');
    const plain = await browser.newContext({ viewport: PHONE, javaScriptEnabled: false });
    const nojs = await plain.newPage();
    await nojs.goto(new URL('/#main-nav', provinceHome).href);
    const open = await nojs.evaluate(() => getComputedStyle(document.getElementById('main-nav')).display !== 'none');
    expect(s, open, 'without scripts, /#main-nav does not open the menu');
    await plain.close();
    await page.setViewportSize(DESKTOP);
  });

  // (9) The admin: the dashboard and the editor of a board head.
  if (args.password) {
    await step('admin-dashboard', async (s) => {
      await goto(page, new URL('/admin/login', provinceHome).href);
      await page.fill('#username', 'truongban');
      await page.fill('#password', args.password);
      await clickAndWait(page, page.locator('form.admin-form button[type=submit]'), (u) => u.pathname === '/admin');
      await checkBothWidths(page, s, 'admin-dashboard', null, { admin: true });
    });
    await step('admin-editor', async (s) => {
      await checkBothWidths(page, s, 'admin-editor', new URL('/admin/sites/sonha/content/new?kind=news', provinceHome).href, { admin: true });
    });
  }

  await context.close();
  const failed = results.filter((r) => !r.ok).length;
  if (failed === 0) {
    console.log(`a11y: all ${results.length} steps ok; screenshots in ${outDir}`);
    exitCode = 0;
  } else {
    console.log(`a11y: ${failed} of ${results.length} steps failed; screenshots in ${outDir}`);
  }
} catch (err) {
  console.error(`FAIL a11y: ${String(err.message ?? err).split('\n')[0]}`);
} finally {
  clearTimeout(watchdog);
  try {
    await Promise.race([browser?.close(), new Promise((r) => setTimeout(r, 5000))]);
  } catch {
    // the browser is gone already
  }
}
process.exit(exitCode);
