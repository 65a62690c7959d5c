// Browser test of the customer import by file: an administrator chooses
// a CSV file on the import page, sees the preview (counts, a rejected
// row with its reason, the rejected-rows tab), confirms it and lands on
// the customer list with a flash message; a GBK file gets the message
// that names Excel's "CSV UTF-8".
// Debian's headless Chromium, driven by playwright-core.  Environment:
//   BASE             the suite's address (nginx)
//   SHOTS            where screenshots go
//   LOGIN, PASSWORD  an administrator
// Customer codes carry a random suffix, so reruns do not collide.
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { BASE, SHOTS, check, RUN as RUN_ID, text, launch, desktop, finish, signIn, dialogs, watch } from './lib.mjs';

const RUN = RUN_ID.toUpperCase();
const GOOD = Buffer.from(`\ufeffcode,name,value_tag,tags\r\n`
  + `BI${RUN},浏览器导入甲_${RUN},高价值,"甲,乙"\r\n`
  + `,浏览器导入乙_${RUN},,\r\n`
  + `BZ${RUN},,,\r\n`, 'utf8');
// "code,name\n" then 中文 in GBK, as Excel's plain "CSV" saves it.
const GBK = Buffer.concat([Buffer.from('code,name\r\nGB1,', 'ascii'),
  Buffer.from([0xd6, 0xd0, 0xce, 0xc4]), Buffer.from('\r\n', 'ascii')]);

const browser = await launch();
try {
  const { page } = await desktop(browser);
  watch(page);
  await signIn(page);
  check('signing in leads to the status page', page.url() === `${BASE}/admin/`, page.url());

  // ---- a good file with one bad row ----
  await page.goto(`${BASE}/admin/customers/import`);
  await page.setInputFiles('#file', { name: `客户-${RUN}.csv`, mimeType: 'text/csv', buffer: GOOD });
  await Promise.all([page.waitForLoadState('load'), page.click('#import-form button[type=submit]')]);
  const counts = await text(page, '#import-counts');
  check('the preview counts what the file would do', counts === '新建 2 · 更新 0 · 拒绝 1', counts);
  check('the preview names the file', (await text(page, '#import-file')).includes(`客户-${RUN}.csv`));
  const why = await text(page, '#import-rows tr:has-text("BZ' + RUN + '") .import-why');
  check('the rejected row says why', why.includes('客户名称'), why);
  await page.screenshot({ path: `${SHOTS}/import-preview-zh.png`, fullPage: true });
  await page.click('#import-view-rejected');
  const rej = await page.locator('#import-rows tbody tr').count();
  check('the rejected tab lists only the rejected row', rej === 1, `${rej} rows`);
  check('the rejected tab still offers the confirmation', await page.locator('#import-confirm').count() === 1);
  await Promise.all([page.waitForURL(/\/admin\/customers\?sort=updated$/), page.click('#import-confirm button[type=submit]')]);
  const flash = await text(page, 'main [role=status]');
  check('confirming leads to the list with a flash message', flash.includes('导入完成'), flash);
  await page.goto(`${BASE}/admin/customers?q=${encodeURIComponent(`浏览器导入甲_${RUN}`)}`);
  check('the imported customer is in the list', (await page.content()).includes(`BI${RUN}`));

  // ---- a GBK file ----
  await page.goto(`${BASE}/admin/customers/import`);
  await page.setInputFiles('#file', { name: 'excel.csv', mimeType: 'text/csv', buffer: GBK });
  await Promise.all([page.waitForLoadState('load'), page.click('#import-form button[type=submit]')]);
  const err = await text(page, '#import-error');
  check('a GBK file: the message names the cause and the fix', err.includes('GBK') && err.includes('CSV UTF-8'), err);
  check('a GBK file: no preview', await page.locator('#import-preview').count() === 0);
  await page.screenshot({ path: `${SHOTS}/import-gbk-zh.png`, fullPage: true });
  check('no dialog was ever opened', dialogs.length === 0, dialogs.join('; '));
} catch (e) {
  check('the browser test ran without an exception', false, String(e).split('\n')[0]);
} finally {
  await browser.close();
}
finish();
