// Shared setup of the browser tests (customers.mjs, feature-*.mjs):
// the environment, check() and its counts, the browser launch, signing
// in, the dialog watcher and small page readers.  Environment:
//   BASE             the suite's address (nginx)
//   SHOTS            where screenshots go (made here)
//   LOGIN, PASSWORD  an administrator (a test stops at once without them)
// check() prints "ok - …" / "not ok - …"; finish() prints the counts and
// exits 1 if any check failed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

export const BASE = process.env.BASE || 'http://127.0.0.1:8080';
export const SHOTS = process.env.SHOTS || 'screenshots';
export const { LOGIN, PASSWORD } = process.env;
mkdirSync(SHOTS, { recursive: true });

let failed = 0;
let passed = 0;
export function check(name, cond, detail) {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}`); if (detail) console.log(`#   ${detail}`); }
}
export function finish() {
  console.log(`# ${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

if (!LOGIN || !PASSWORD) {
  check('LOGIN and PASSWORD of an administrator are set', false);
  process.exit(1);
}

// A suffix unique to this run, for names that must not collide.
export const RUN = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`;

// Days as YYYY-MM-DD in Beijing, where the suite keeps its calendar.
export function beijingDay(d = new Date()) {
  return new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit',
  }).format(d);
}
export function addDays(day, n) {
  const t = new Date(`${day}T00:00:00Z`);
  t.setUTCDate(t.getUTCDate() + n);
  return t.toISOString().slice(0, 10);
}

// Debian's headless Chromium, driven by playwright-core.
export function launch() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Every dialog any watched page opens: a test checks there was none.
export const dialogs = [];
export function watch(page) {
  page.on('dialog', async (d) => {
    dialogs.push(`${page.url()}: ${d.type()} "${d.message()}"`);
    await d.dismiss();
  });
}

// A desktop-sized window in Chinese and its page, with the navigation
// timeout of a loaded stack (60 s).
export async function desktop(browser) {
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  page.setDefaultNavigationTimeout(60000);
  return { ctx, page };
}

// Signs in through the form as LOGIN; lands on the status page.
export async function signIn(page) {
  await page.goto(`${BASE}/admin/`);
  await page.fill('#login', LOGIN);
  await page.fill('#password', PASSWORD);
  await Promise.all([page.waitForURL(`${BASE}/admin/`), page.click('main button[type=submit]')]);
}

// The trimmed text of the first element matching sel, '' if none.
export async function text(page, sel) {
  if (await page.locator(sel).count() === 0) return '';
  return ((await page.locator(sel).first().textContent({ timeout: 5000 })) || '').trim();
}

export async function noSidewaysScroll(page) {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}
