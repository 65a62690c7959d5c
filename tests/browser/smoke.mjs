// Browser test: what a person sees, in Debian's headless Chromium.
// BASE is the suite's address (nginx), SHOTS where screenshots go.
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const BASE = process.env.BASE || 'http://127.0.0.1:8080';
const SHOTS = process.env.SHOTS || 'screenshots';
mkdirSync(SHOTS, { recursive: true });
let failed = 0;
let passed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}`); if (detail) console.log(`#   ${detail}`); }
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // A customer on a phone opens the survey portal: Chinese by default.
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2,
  });
  const page = await phone.newPage();
  const external = [];
  page.on('request', (req) => { if (!req.url().startsWith(BASE)) external.push(req.url()); });
  const resp = await page.goto(`${BASE}/s/`);
  check('survey portal opens (200)', resp.status() === 200, `status ${resp.status()}`);
  const h1 = await page.locator('h1').first().textContent();
  check('the heading is Chinese', h1.includes('客户满意度调查'), h1);
  const bootstrap = await page.evaluate(() =>
    getComputedStyle(document.querySelector('nav.navbar')).backgroundColor);
  check('Bootstrap styles are applied (from Debian, same origin)',
    bootstrap !== 'rgba(0, 0, 0, 0)', bootstrap);
  const fits = await page.evaluate(() =>
    document.documentElement.scrollWidth <= window.innerWidth + 1);
  check('the page fits a phone screen without sideways scrolling', fits);
  await page.screenshot({ path: `${SHOTS}/survey-phone-zh.png`, fullPage: true });

  // The footer's language form works without JavaScript semantics: submit it.
  await page.selectOption('#lang-choice', 'en');
  await Promise.all([page.waitForURL(`${BASE}/s/`), page.click('footer button[type=submit]')]);
  const h1en = await page.locator('h1').first().textContent();
  check('the language form switches to English', h1en.includes('Customer satisfaction survey'), h1en);
  await page.goto(`${BASE}/c/`);
  const html = await page.locator('html').getAttribute('lang');
  check('the choice is remembered on other pages', html === 'en', html);
  await page.screenshot({ path: `${SHOTS}/complaint-phone-en.png`, fullPage: true });
  check('no page loaded anything from another host', external.length === 0, external.join(' '));

  // Staff on a desktop sign in and see the system status page.
  const desk = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const admin = await desk.newPage();
  await admin.goto(`${BASE}/admin/`);
  check('the intranet asks for a sign-in first', admin.url().startsWith(`${BASE}/admin/login`), admin.url());
  await admin.fill('#login', process.env.LOGIN || 'admin');
  await admin.fill('#password', process.env.PASSWORD || '');
  await Promise.all([admin.waitForURL(`${BASE}/admin/`), admin.click('form button[type=submit]')]);
  const r2 = await admin.goto(`${BASE}/admin/`);
  check('admin status page opens after signing in (200)', r2.status() === 200, `status ${r2.status()}`);
  const schema = (await admin.locator('#schema-version').textContent()).trim();
  check('the status page shows the schema version', /^\d+$/.test(schema) && schema !== '0', schema);
  const rows = await admin.locator('table tbody tr').count();
  check('the status page lists the applied migrations', rows >= 1, `${rows} rows`);
  await admin.screenshot({ path: `${SHOTS}/admin-status-zh.png`, fullPage: true });

  // An unknown page: a readable 404 page with a way home.
  const r3 = await admin.goto(`${BASE}/admin/no-such-page`);
  check('unknown page answers 404', r3.status() === 404);
  const msg = await admin.locator('#error-message').textContent();
  check('the 404 page explains in Chinese', msg.includes('找不到'), msg);
  await admin.click('text=返回首页');
  check('the 404 page leads home', admin.url() === `${BASE}/admin/`, admin.url());
} catch (e) {
  check('browser test ran to the end', false, String(e));
} finally {
  await browser.close();
}
console.log(`# ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
