// Browser test of sign-in, sign-out and a hostile display name, in
// Debian's headless Chromium.  Environment:
//   BASE          the suite's address (nginx)
//   SHOTS         where screenshots go
//   LOGIN, PASSWORD          an administrator
//   XSS_LOGIN, XSS_PASSWORD  a user whose display name is
//                            <script>alert(1)</script>
// tests/http/access.sh creates both users and writes these four values
// to $RUN/access-users.env (KEY=value lines); tools/test.sh loads that
// file into the environment of this test.
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';

const BASE = process.env.BASE || 'http://127.0.0.1:8080';
const SHOTS = process.env.SHOTS || 'screenshots';
const { LOGIN, PASSWORD, XSS_LOGIN, XSS_PASSWORD } = process.env;
const XSS_NAME = '<script>alert(1)</script>';
mkdirSync(SHOTS, { recursive: true });
let failed = 0;
let passed = 0;
function check(name, cond, detail) {
  if (cond) { passed++; console.log(`ok - ${name}`); }
  else { failed++; console.log(`not ok - ${name}`); if (detail) console.log(`#   ${detail}`); }
}

if (!LOGIN || !PASSWORD || !XSS_LOGIN || !XSS_PASSWORD) {
  check('LOGIN, PASSWORD, XSS_LOGIN and XSS_PASSWORD are set (run tests/http/access.sh first)', false);
  process.exit(1);
}

// Every dialog any page opens: there must never be one.
const dialogs = [];
function watch(page) {
  page.on('dialog', async (d) => {
    dialogs.push(`${page.url()}: ${d.type()} "${d.message()}"`);
    await d.dismiss();
  });
}

// Sign in through the form, starting from a protected page.
async function signIn(page, login, password, shot) {
  await page.goto(`${BASE}/admin/`);
  const atLogin = page.url().startsWith(`${BASE}/admin/login`);
  if (shot) {
    check('a protected page sends a visitor to the sign-in page', atLogin, page.url());
    await page.screenshot({ path: `${SHOTS}/${shot}`, fullPage: true });
  }
  await page.fill('#login', login);
  await page.fill('#password', password);
  await Promise.all([page.waitForURL(`${BASE}/admin/`), page.click('main button[type=submit]')]);
}

// No script element from a name, and the name shown as text.
async function noInjectedScript(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('script')].every((s) => !s.textContent.includes('alert(1)')));
}

const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  // ---- the user whose display name is a script ----
  const ctx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const page = await ctx.newPage();
  watch(page);
  await signIn(page, XSS_LOGIN, XSS_PASSWORD, 'admin-login-zh.png');
  check('signing in through the form leads to the status page', page.url() === `${BASE}/admin/`, page.url());
  const shown = await page.locator('#user-name').textContent({ timeout: 5000 });
  check('the bar shows the user name as literal text', shown === XSS_NAME, JSON.stringify(shown));
  for (const p of ['/admin/', '/admin/password', '/admin/?lang=en']) {
    await page.goto(`${BASE}${p}`);
    const name = await page.locator('#user-name').textContent({ timeout: 5000 });
    check(`${p}: the name is literal text`, name === XSS_NAME, JSON.stringify(name));
    check(`${p}: no script element came from the name`, await noInjectedScript(page));
  }
  await page.goto(`${BASE}/admin/?lang=zh-CN`);
  check('no alert() fired on any page as the user with the hostile name', dialogs.length === 0, dialogs.join('; '));

  // Sign out through the button; the pages are closed again.
  await Promise.all([page.waitForURL(`${BASE}/admin/login`), page.click('#logout')]);
  check('signing out through the button leads to the sign-in page', page.url() === `${BASE}/admin/login`, page.url());
  const flash = (await page.locator('main [role=status]').textContent().catch(() => '')) || '';
  check('the sign-in page confirms the sign-out', flash.includes('您已安全退出'), flash);
  check('the bar no longer shows a user', await page.locator('#user-name').count() === 0);
  await page.goto(`${BASE}/admin/password`);
  check('after signing out a protected page redirects to the sign-in page',
    page.url() === `${BASE}/admin/login?next=/admin/password`, page.url());
  await ctx.close();

  // ---- an administrator sees the hostile name in the lists ----
  const actx = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN' });
  const admin = await actx.newPage();
  watch(admin);
  await signIn(admin, LOGIN, PASSWORD);
  const aname = ((await admin.locator('#user-name').textContent({ timeout: 5000 })) || '').trim();
  check('the administrator sees a name in the bar', aname !== '' && aname !== XSS_NAME, JSON.stringify(aname));
  const r = await admin.goto(`${BASE}/admin/users?q=${encodeURIComponent(XSS_LOGIN)}`);
  await admin.screenshot({ path: `${SHOTS}/admin-users-zh.png`, fullPage: true });
  check('the users page opens for the administrator (200)', r.status() === 200,
    r.status() === 404 ? 'status 404: /admin/users is not built yet' : `status ${r.status()}`);
  const text = await admin.locator('main').innerText();
  check('the users page shows the hostile name as literal text', text.includes(XSS_NAME),
    r.status() === 404 ? 'the page is not built yet' : text.slice(0, 300));
  check('the users page has no script element from the name', await noInjectedScript(admin));
  const ra = await admin.goto(`${BASE}/admin/audit?user=manyi-ctl&action=create`);
  check('the audit page opens for the administrator (200)', ra.status() === 200,
    ra.status() === 404 ? 'status 404: /admin/audit is not built yet' : `status ${ra.status()}`);
  check('the audit page has no script element from the name', await noInjectedScript(admin));
  check('no alert() fired on any page an administrator visited', dialogs.length === 0, dialogs.join('; '));
  await admin.goto(`${BASE}/admin/`);
  await Promise.all([admin.waitForURL(`${BASE}/admin/login`), admin.click('#logout')]);
  const r2 = await admin.goto(`${BASE}/admin/`);
  check('after signing out the status page redirects to the sign-in page',
    admin.url() === `${BASE}/admin/login?next=/admin/` && r2.status() === 200, `${r2.status()} ${admin.url()}`);
  await actx.close();
} catch (e) {
  check('browser access test ran to the end', false, String(e));
} finally {
  await browser.close();
}
console.log(`# ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
