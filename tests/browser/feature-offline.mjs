// Browser test of issue 5's offline answers: an administrator creates a
// customer and an active survey through the admin pages, then types in
// what the customer said on the phone: finds the customer by name,
// submits an incomplete form (a message next to each missing answer,
// input kept), completes it, sees the confirmation with a link to enter
// another, and the survey's results count the answer.
// Debian's headless Chromium, driven by playwright-core.  Environment:
//   BASE             the suite's address (nginx)
//   SHOTS            where screenshots go
//   LOGIN, PASSWORD  an administrator
// Customer and survey are new on every run (unique names), so the
// results start empty and hold exactly the answer this test enters.
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { BASE, SHOTS, check, beijingDay, addDays, RUN, dialogs, watch, text, launch, desktop, finish, signIn } from './lib.mjs';

const TODAY = beijingDay();
const CUSTOMER = `电话回访客户-${RUN}`;
const TITLE = `电话回访满意度 ${RUN}`;
const SLUG = `bo-${RUN}`.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40);

const browser = await launch();
try {
  const { page } = await desktop(browser);
  watch(page);
  await signIn(page);
  check('signing in leads to the status page', page.url() === `${BASE}/admin/`, page.url());

  // ---- a customer ----
  await page.goto(`${BASE}/admin/customers/new`);
  await page.fill('#name', CUSTOMER);
  const owners = await page.locator('#owner option').evaluateAll((os) =>
    os.map((o) => o.value).filter((v) => v !== ''));
  await page.selectOption('#owner', owners[0]);
  await Promise.all([
    page.waitForURL(/\/admin\/customers\/\d+$/, { timeout: 10000 }),
    page.click('#customer-form button[type=submit]'),
  ]);
  const code = await text(page, '#customer-code');
  check('the customer is created with a code', /^KH\d{7,}$/.test(code), code);

  // ---- an active survey: a rating and an NPS question ----
  await page.goto(`${BASE}/admin/surveys/new`);
  await page.fill('#title_zh', TITLE);
  await page.fill('#slug', SLUG);
  await page.fill('#opens_on', addDays(TODAY, -7));
  await page.fill('#closes_on', addDays(TODAY, 30));
  await page.fill('#min_seconds', '0');
  await Promise.all([page.waitForURL(/\/admin\/surveys\/\d+$/, { timeout: 10000 }), page.click('#survey-save')]);
  const hub = page.url();
  check('the survey is created', /\/admin\/surveys\/\d+$/.test(hub), hub);
  for (const q of [{ kind: 'rating', dim: 'attitude', zh: '您对电话回访的服务态度满意吗？' },
    { kind: 'nps', dim: '', zh: '您有多大可能向朋友推荐我们？' }]) {
    await page.goto(`${hub}/questions/new`);
    await page.selectOption('#kind', q.kind);
    await page.selectOption('#dimension', q.dim);
    await page.fill('#text_zh', q.zh);
    if (!(await page.isChecked('#required'))) await page.check('#required');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(hub), { timeout: 10000 }),
      page.click('#question-save')]);
  }
  await page.goto(hub);
  await Promise.all([page.waitForURL(`${hub}/status`), page.click('#move-active')]);
  await Promise.all([page.waitForURL(hub), page.click('#confirm-submit')]);
  check('the survey is active', (await page.locator('#survey-status').getAttribute('data-status')) === 'active');

  // ---- the offline form, from the survey's page ----
  await Promise.all([page.waitForURL(`${hub}/offline`), page.click('#link-offline')]);
  check('the survey page links to the offline form', page.url() === `${hub}/offline`, page.url());
  check('the form offers the offline channels only',
    (await page.locator('#channel option').evaluateAll((os) => os.map((o) => o.value).filter(Boolean))).join(',') === 'visit,phone,event');
  check('the day answered is today by default', (await page.inputValue('#date')) === TODAY, await page.inputValue('#date'));
  await page.fill('#q', `回访客户-${RUN}`);
  await Promise.all([page.waitForNavigation(), page.click('#customer-search button[type=submit]')]);
  const matches = await page.locator('#customer-results .customer-match').count();
  check('searching by name lists the customer', matches === 1, `${matches} matches`);
  await Promise.all([page.waitForNavigation(), page.click('#customer-results .customer-match a')]);
  check('choosing it fills in its code', (await page.inputValue('#customer')) === code, await page.inputValue('#customer'));
  check('and shows its name', (await text(page, '#offline-customer')) === CUSTOMER, await text(page, '#offline-customer'));

  // ---- incomplete: messages next to what is missing, input kept ----
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('#sv-submit')]);
  check('an incomplete form is refused (422)', bad && bad.status() === 422, bad ? `status ${bad.status()}` : 'none');
  check('the channel says it is required', (await text(page, '#channel-error')).length > 0);
  const qerrs = await page.locator('.sv-q [id$="-err"]').count();
  check('each unanswered question has its message', qerrs === 2, `${qerrs} messages`);
  check('the customer is kept', (await page.inputValue('#customer')) === code);
  await page.screenshot({ path: `${SHOTS}/offline-errors-zh.png`, fullPage: true });

  // ---- complete it ----
  await page.selectOption('#channel', 'phone');
  const qids = await page.locator('.sv-q[id$="-box"]').evaluateAll((fs) => fs.map((f) => f.id.replace(/^q(\d+)-box$/, '$1')));
  await page.click(`label[for="q${qids[0]}-4"]`);
  await page.click(`label[for="q${qids[1]}-8"]`);
  await Promise.all([page.waitForURL(/\/offline\?saved=\d+$/, { timeout: 10000 }), page.click('#sv-submit')]);
  check('saving leads back to the form with a confirmation', /\/offline\?saved=\d+$/.test(page.url()), page.url());
  const saved = await text(page, '#offline-saved');
  check('the confirmation names the customer', saved.includes(code) && saved.includes(CUSTOMER), saved);
  const flash = await text(page, 'main [role=status]');
  check('a flash message says the answers were saved', flash.includes('答卷已保存'), flash);
  await page.screenshot({ path: `${SHOTS}/offline-saved-zh.png`, fullPage: true });
  await Promise.all([page.waitForURL(`${hub}/offline`), page.click('#offline-another')]);
  check('"enter another" opens an empty form', (await page.inputValue('#customer')) === '');

  // ---- the results count it ----
  const r = await page.goto(`${hub}/results`);
  check('the results page opens (200)', r.status() === 200, `status ${r.status()}`);
  const valid = await text(page, '#n-valid');
  check('the results count the offline answer', valid === '1', valid);
  check('no dialog was ever opened', dialogs.length === 0, dialogs.join('; '));
} catch (e) {
  check('the browser test ran without an exception', false, String(e).split('\n')[0]);
} finally {
  await browser.close();
}
finish();
