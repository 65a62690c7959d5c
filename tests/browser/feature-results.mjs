// Browser test of issue 5's results page on the demo survey (slug csat,
// made by tools/stack.sh --demo): an administrator finds it in the
// survey list, opens its results (figures, SVG charts, a flagged
// dimension), narrows them with the filter form, searches the comments,
// opens one response from a comment, prints the page (filters and
// buttons are not printed, the charts are) and reads it on a phone
// without sideways scrolling.
// Debian's headless Chromium, driven by playwright-core.  Environment:
//   BASE             the suite's address (nginx)
//   SHOTS            where screenshots go
//   LOGIN, PASSWORD  an administrator
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { BASE, SHOTS, check, signIn, text, launch, desktop, finish } from './lib.mjs';

const browser = await launch();
try {
  const { page } = await desktop(browser);
  await signIn(page);
  check('signed in', page.url() === `${BASE}/admin/`, page.url());

  // ---- the demo survey in the list ----
  await page.goto(`${BASE}/admin/surveys?q=csat`);
  const href = await page.evaluate(() => {
    for (const td of document.querySelectorAll('td.survey-title')) {
      const slug = td.querySelector('.font-monospace');
      if (slug && slug.textContent.trim() === 'csat') return td.querySelector('a').getAttribute('href');
    }
    return null;
  });
  check('the demo survey csat is listed', href !== null);
  if (href === null) throw new Error('no demo survey: was the stack started with --demo?');
  const results = `${BASE}${href}/results`;

  // ---- the results ----
  const r = await page.goto(results);
  check('the results page opens (200)', r.status() === 200, `status ${r.status()}`);
  const csat = await text(page, '#score-csat .score-value');
  check('CSAT is a percentage', /^\d+\.\d%$/.test(csat), csat);
  const nps = await text(page, '#score-nps .score-value');
  check('NPS is a number', /^-?\d+\.\d$/.test(nps), nps);
  const valid = Number(await text(page, '#n-valid'));
  check('valid responses counted', valid > 100, String(valid));
  check('marked responses shown apart', Number(await text(page, '#n-marked')) > 0);
  check('SVG charts: dimensions and each rated question', await page.locator('svg.chart').count() >= 11);
  check('a dimension below the average is flagged', await page.locator('.dim-below').count() > 0);
  await page.screenshot({ path: `${SHOTS}/results-zh.png`, fullPage: true });

  // ---- the filter form narrows every figure ----
  await page.selectOption('#f-channel', 'crm');
  await Promise.all([page.waitForURL(/channel=crm/), page.click('#results-filter button[type=submit]')]);
  const crm = Number(await text(page, '#n-valid'));
  check('filtered by channel: fewer responses, still some', crm > 0 && crm < valid, `${crm} of ${valid}`);
  check('the chosen channel stays selected', (await page.inputValue('#f-channel')) === 'crm');

  // ---- comments: search, then one response ----
  await page.goto(results);
  await page.fill('#q', '售后');
  await Promise.all([page.waitForURL(/q=/), page.click('#comments-search button[type=submit]')]);
  const comments = await page.locator('.comment-text').allTextContents();
  check('the search finds comments', comments.length > 0);
  check('every comment found has the word', comments.every((c) => c.includes('售后')), comments.join(' | '));
  await Promise.all([page.waitForURL(/\/responses\/\d+$/), page.click('#comments tbody a >> nth=0')]);
  check('a comment opens its response', await page.locator('#answers tbody tr').count() === 10);
  check('the response shows the comment', (await page.locator('.answer-value').allTextContents()).some((t) => t.includes('售后')));

  // ---- printing ----
  await page.goto(results);
  await page.emulateMedia({ media: 'print' });
  check('print: the filter form is not printed', !(await page.locator('#results-filter').isVisible()));
  check('print: the buttons are not printed', !(await page.locator('#csv-link').isVisible()));
  check('print: the charts are', await page.locator('#chart-dims').isVisible());
  await page.emulateMedia({ media: 'screen' });

  // ---- on a phone ----
  const phone = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'zh-CN', isMobile: true });
  const pp = await phone.newPage();
  await signIn(pp);
  await pp.goto(results);
  const fits = await pp.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
  check('phone: no sideways scrolling', fits);
  await pp.screenshot({ path: `${SHOTS}/results-phone.png`, fullPage: true });
  await phone.close();
} catch (e) {
  check('the browser results test ran to the end', false, String(e).split('\n')[0]);
} finally {
  await browser.close();
}
finish();
