// Browser test of issue 5, end to end: an administrator builds a survey
// in the admin (three 1-5 ratings on different dimensions and an NPS
// question), previews it, activates it through the confirmation step; a
// customer answers it on the public open link in a phone-sized window;
// the survey's results page then shows the scores the answer gives.
// Debian's headless Chromium, driven by playwright-core.  Environment:
//   BASE             the suite's address (nginx)
//   SHOTS            where screenshots go
//   LOGIN, PASSWORD  an administrator
// The survey is new on every run (unique title and slug), so its results
// start empty and hold exactly the one response this test gives.
// Prints "ok - …" / "not ok - …" per check; exits 1 if any failed.
import { BASE, SHOTS, check, beijingDay, addDays, RUN, dialogs, watch, signIn, text, noSidewaysScroll, launch, desktop, finish } from './lib.mjs';

const TODAY = beijingDay();
const TITLE = `售后服务满意度调查 ${RUN}`;
const SLUG = `bt-${RUN}`.toLowerCase().replace(/[^a-z0-9-]/g, '').slice(0, 40);
// The questions and the answers the customer gives: ratings 5, 4, 5
// (CSAT 100%, mean 4.67) and NPS 9 (a promoter: NPS 100).
const QUESTIONS = [
  { kind: 'rating', dim: 'quality', zh: '您对产品质量满意吗？', en: 'How satisfied are you with the product quality?', answer: '5' },
  { kind: 'rating', dim: 'response', zh: '您对服务响应速度满意吗？', en: 'How satisfied are you with our response time?', answer: '4' },
  { kind: 'rating', dim: 'attitude', zh: '您对服务人员的态度满意吗？', en: 'How satisfied are you with our staff\'s attitude?', answer: '5' },
  { kind: 'nps', dim: '', zh: '您有多大可能向朋友推荐我们？', en: 'How likely are you to recommend us to a friend?', answer: '9' },
];

// The results page's figures: CSAT, NPS, valid responses.
async function results(page, url, label) {
  const r = await page.goto(`${url}/results`);
  check(`${label}: the results page opens (200)`, r.status() === 200, `status ${r.status()}`);
  return {
    csat: await text(page, '#score-csat .score-value'),
    nps: await text(page, '#score-nps .score-value'),
    valid: await text(page, '#n-valid'),
  };
}

const browser = await launch();
try {
  const { ctx, page } = await desktop(browser);
  watch(page);
  await signIn(page);
  check('signing in through the form leads to the status page', page.url() === `${BASE}/admin/`, page.url());

  // ---- the survey list and a new survey ----
  await page.click('nav a[href="/admin/surveys"]');
  check('the menu leads to the survey list', page.url().startsWith(`${BASE}/admin/surveys`), page.url());
  await Promise.all([page.waitForURL(`${BASE}/admin/surveys/new`), page.click('#survey-new')]);
  await page.fill('#title_zh', TITLE);
  await page.fill('#title_en', `After-sales satisfaction ${RUN}`);
  await page.fill('#slug', SLUG);
  await page.fill('#intro_zh', '感谢您抽出两分钟时间，帮助我们改进服务。');
  await page.fill('#goal', '售后满意度从 85 提升到 90');
  await page.fill('#opens_on', TODAY);
  await page.fill('#closes_on', addDays(TODAY, 30));
  // No minimum time: the test answers quickly and the cleaning must not
  // mark the answer 'fast'.
  await page.fill('#min_seconds', '0');
  await page.screenshot({ path: `${SHOTS}/survey-new-zh.png`, fullPage: true });
  await Promise.all([
    page.waitForURL(/\/admin\/surveys\/\d+$/, { timeout: 10000 }),
    page.click('#survey-save'),
  ]);
  const hub = page.url();
  check('creating the survey lands on its page', /\/admin\/surveys\/\d+$/.test(hub), hub);
  const flash = await text(page, 'main [role=status]');
  check('the survey page confirms the creation', flash.includes('问卷已创建'), flash);
  check('the survey is a draft', (await page.locator('#survey-status').getAttribute('data-status')) === 'draft');
  check('the survey page shows the link name', (await text(page, '#survey-slug')) === SLUG, await text(page, '#survey-slug'));

  // ---- a refused question: the message next to the field, input kept ----
  await Promise.all([page.waitForURL(`${hub}/questions/new`), page.click('#question-new')]);
  await page.selectOption('#kind', 'rating');
  await page.fill('#text_zh', QUESTIONS[0].zh);
  const [bad] = await Promise.all([page.waitForNavigation(), page.click('#question-save')]);
  check('a rating without a dimension is refused (422)', bad && bad.status() === 422, bad ? `status ${bad.status()}` : 'none');
  const dimErr = await text(page, '#dimension ~ .invalid-feedback');
  check('the dimension field says a rating needs one', dimErr.includes('必须选择维度'), dimErr);
  check('the question text is kept', (await page.inputValue('#text_zh')) === QUESTIONS[0].zh);
  await page.screenshot({ path: `${SHOTS}/survey-question-error-zh.png`, fullPage: true });

  // ---- the questions ----
  for (const [i, q] of QUESTIONS.entries()) {
    if (i > 0) {
      await page.goto(hub);
      await Promise.all([page.waitForURL(`${hub}/questions/new`), page.click('#question-new')]);
    }
    await page.selectOption('#kind', q.kind);
    await page.selectOption('#dimension', q.dim);
    await page.fill('#text_zh', q.zh);
    await page.fill('#text_en', q.en);
    if (!(await page.isChecked('#required'))) await page.check('#required');
    await Promise.all([page.waitForURL((u) => u.toString().startsWith(hub), { timeout: 10000 }),
      page.click('#question-save')]);
    check(`question ${i + 1} (${q.kind}) is added`, (await text(page, 'main [role=status]')).includes('题目已添加'),
      await text(page, 'main [role=status]'));
  }
  await page.goto(hub);
  check('the survey page counts 4 questions', (await text(page, '#count-questions')) === '4', await text(page, '#count-questions'));
  const kinds = await page.locator('#question-list tr.question-row').evaluateAll((trs) => trs.map((t) => t.dataset.kind));
  check('the questions are listed in order with their kinds', kinds.join(',') === 'rating,rating,rating,nps', kinds.join(','));
  await page.screenshot({ path: `${SHOTS}/survey-hub-draft-zh.png`, fullPage: true });

  // ---- the preview: the customer's form, submit disabled ----
  await Promise.all([page.waitForURL(`${hub}/preview`), page.click('#survey-preview')]);
  check('the preview shows every question', (await page.locator('#preview .sv-q').count()) === 4);
  check('the preview cannot submit', await page.locator('#sv-submit').isDisabled());
  await page.screenshot({ path: `${SHOTS}/survey-preview-zh.png`, fullPage: true });
  await page.goto(`${hub}/preview?lang=en`);
  const enText = await page.locator('#preview').innerText();
  check('the preview in English shows the English questions', enText.includes(QUESTIONS[3].en), enText.slice(0, 200));
  await page.screenshot({ path: `${SHOTS}/survey-preview-en.png`, fullPage: true });
  await page.goto(`${hub}?lang=zh-CN`);

  // ---- the results before any answer ----
  const before = await results(page, hub, 'before');
  check('before: no valid response', before.valid === '0', JSON.stringify(before));
  check('before: CSAT and NPS have no value yet', !/\d/.test(before.csat) && !/\d/.test(before.nps), JSON.stringify(before));

  // ---- activate, through the confirmation ----
  await page.goto(hub);
  await Promise.all([page.waitForURL(`${hub}/status`), page.click('#move-active')]);
  const ask = await text(page, '#confirm-question');
  check('activating asks for a confirmation first', ask.includes('确定要正式开始'), ask);
  await page.screenshot({ path: `${SHOTS}/survey-activate-confirm-zh.png`, fullPage: true });
  await Promise.all([page.waitForURL(hub), page.click('#confirm-submit')]);
  check('the survey is active', (await page.locator('#survey-status').getAttribute('data-status')) === 'active');
  check('its questions are frozen now', await page.locator('#frozen-note').count() === 1);
  await page.screenshot({ path: `${SHOTS}/survey-hub-active-zh.png`, fullPage: true });

  // ---- a customer answers on the open link, on a phone ----
  const phone = await browser.newContext({
    viewport: { width: 390, height: 844 }, locale: 'zh-CN', deviceScaleFactor: 2,
  });
  const ph = await phone.newPage();
  ph.setDefaultNavigationTimeout(60000);
  watch(ph);
  const pr = await ph.goto(`${BASE}/s/${SLUG}`);
  check('phone: the public page opens (200)', pr.status() === 200, `status ${pr.status()}`);
  check('phone: it shows the survey title', (await text(ph, '#sv-title')) === TITLE, await text(ph, '#sv-title'));
  check('phone: the page does not scroll sideways', await noSidewaysScroll(ph),
    await ph.evaluate(() => `${document.documentElement.scrollWidth} > ${window.innerWidth}`));
  const boxes = await ph.locator('.sv-q').evaluateAll((fs) => fs.map((f) => ({ id: f.id, kind: f.dataset.kind })));
  check('phone: the four questions are there', boxes.length === 4, JSON.stringify(boxes));
  await ph.screenshot({ path: `${SHOTS}/survey-public-phone-zh.png`, fullPage: true });
  for (const [i, b] of boxes.entries()) {
    const qid = b.id.replace(/^q(\d+)-box$/, '$1');
    const want = QUESTIONS[i] ? QUESTIONS[i].answer : '5';
    await ph.click(`label[for="q${qid}-${want}"]`);
    check(`phone: question ${i + 1} takes the answer ${want}`, await ph.isChecked(`#q${qid}-${want}`));
  }
  await ph.screenshot({ path: `${SHOTS}/survey-public-answered-phone-zh.png`, fullPage: true });
  await Promise.all([
    ph.waitForURL(`${BASE}/s/${SLUG}/thanks`, { timeout: 15000 }),
    ph.click('#sv-submit'),
  ]);
  check('phone: submitting leads to the thank-you page', ph.url() === `${BASE}/s/${SLUG}/thanks`, ph.url());
  const thanks = await ph.locator('main').innerText();
  check('phone: the thank-you page thanks', /感谢|谢谢/.test(thanks), thanks.slice(0, 200));
  await ph.screenshot({ path: `${SHOTS}/survey-thanks-phone-zh.png`, fullPage: true });
  await phone.close();

  // ---- the score changed ----
  await page.goto(hub);
  check('the survey page counts the response', (await text(page, '#count-responses')) === '1', await text(page, '#count-responses'));
  const after = await results(page, hub, 'after');
  check('after: one valid response', after.valid === '1', JSON.stringify(after));
  check('after: CSAT is 100% (ratings 5, 4, 5)', /^100(\.0)?\s*%$/.test(after.csat), JSON.stringify(after));
  check('after: NPS is 100 (one promoter)', /^100(\.0)?$/.test(after.nps), JSON.stringify(after));
  check('the scores changed from before', after.csat !== before.csat && after.nps !== before.nps,
    `${JSON.stringify(before)} -> ${JSON.stringify(after)}`);
  await page.screenshot({ path: `${SHOTS}/survey-results-after-zh.png`, fullPage: true });
  await ctx.close();

  check('no dialog opened on any page', dialogs.length === 0, dialogs.join('; '));
} catch (e) {
  check('browser surveys test ran to the end', false, String(e));
} finally {
  await browser.close();
}
finish();
