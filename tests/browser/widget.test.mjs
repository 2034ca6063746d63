// The <faq-chat> widget in headless Chromium, against a running `faqlite serve`.
//   node widget.test.mjs --base http://127.0.0.1:PORT --out DIR [--chromium /usr/bin/chromium]
// Every expectation about answers is taken from the server's own API, so the test checks that the
// widget shows what the engine answered, whatever the ranking of the day.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';

const { values: opt } = parseArgs({
  options: {
    base: { type: 'string' },
    out: { type: 'string' },
    chromium: { type: 'string', default: '/usr/bin/chromium' },
  },
});
assert.ok(opt.base && opt.out, 'usage: --base URL --out DIR');

const EN_QUESTION = 'How much does an International Sales Manager earn?';
const AR_QUESTION = 'كم يكسب مدير المبيعات الدولية؟';
const ARABIC_LETTERS = /[\u0600-\u06FF]/;
const TIMEOUT = 20000;

let failures = 0;
async function step(name, fn) {
  try {
    await fn();
    console.log(`ok - ${name}`);
  } catch (e) {
    failures++;
    console.log(`not ok - ${name}\n  ${String(e && e.stack ? e.stack : e).split('\n').join('\n  ')}`);
  }
}

async function api(body) {
  const res = await fetch(`${opt.base}/v1/ask`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  assert.equal(res.status, 200, `POST /v1/ask ${JSON.stringify(body)}`);
  return res.json();
}

const norm = (s) => String(s).replace(/\s+/g, ' ').trim();

// Asks in widget `sel` and waits for the reply bubble; returns {result, bubble} where bubble is
// the last bot message after the reply arrived.
async function ask(page, sel, question) {
  const box = page.locator(`${sel} textarea`);
  await box.fill(question);
  const reply = page.waitForResponse((r) => r.url().endsWith('/v1/ask') && r.request().method() === 'POST');
  const before = await page.locator(`${sel} .msg.bot:not(.typing)`).count();
  await box.press('Enter');
  const result = await (await reply).json();
  await page.locator(`${sel} .msg.bot:not(.typing)`).nth(before).waitFor({ timeout: TIMEOUT });
  return { result, bubble: page.locator(`${sel} .msg.bot:not(.typing)`).last() };
}

// An answered result shows answers[0]; a clarify result offers choices: take the first.
async function settle(page, sel, result, bubble) {
  if (result.outcome === 'clarify') {
    const chips = bubble.locator('button.chip');
    assert.equal(await chips.count(), Math.min(3, result.answers.length), 'one choice per candidate');
    await chips.first().click();
    const answer = page.locator(`${sel} .msg.bot[data-entry-id]`).last();
    await answer.waitFor({ timeout: TIMEOUT });
    return { answer, expected: result.answers[0] };
  }
  assert.equal(result.outcome, 'answered', `expected an answer, got ${result.outcome}`);
  return { answer: bubble, expected: result.answers[0] };
}

const profile = mkdtempSync(join(tmpdir(), 'faqlite-chromium-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: opt.chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
    '--disable-dev-shm-usage'],
  viewport: { width: 1200, height: 840 },
  deviceScaleFactor: 1,
  locale: 'en-US',
});
const problems = [];
const watch = (page) => {
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(`console error: ${m.text()}`); });
};

try {
  const page = context.pages()[0] || (await context.newPage());
  watch(page);
  const asks = [];
  page.on('request', (r) => { if (r.url().endsWith('/v1/ask')) asks.push(JSON.parse(r.postData() || '{}')); });

  await step('the demo page loads the widget', async () => {
    const res = await page.goto(`${opt.base}/`);
    assert.equal(res.status(), 200);
    await page.waitForFunction(() => !!customElements.get('faq-chat'), null, { timeout: TIMEOUT });
    assert.equal(await page.locator('faq-chat').count(), 2);
    assert.match(await page.locator('#chat-auto h2').innerText(), /Career guide assistant/);
  });

  await step('the widget is labelled for screen readers and keyboards', async () => {
    const info = await page.evaluate(() => {
      const root = document.querySelector('#chat-auto').shadowRoot;
      const log = root.querySelector('[role="log"]');
      const box = root.querySelector('textarea');
      const label = root.querySelector(`label[for="${box.id}"]`);
      return { live: log && log.getAttribute('aria-live'), logLabel: log && log.getAttribute('aria-label'),
        label: label && label.textContent, sendName: root.querySelector('button.send').textContent.trim() };
    });
    assert.equal(info.live, 'polite');
    assert.ok(info.logLabel, 'the conversation has a name');
    assert.ok(info.label, 'the question box has a label');
    assert.equal(info.sendName, 'Send');
    // Tab from the page reaches the widget's controls.
    await page.locator('#chat-auto textarea').focus();
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.querySelector('#chat-auto').shadowRoot.activeElement.className), 'send');
  });

  let first;
  await step('a typed question shows the engine\'s answer with highlights and a typing indicator', async () => {
    await page.evaluate(() => {
      const log = document.querySelector('#chat-auto').shadowRoot.querySelector('.log');
      window.__typingSeen = false;
      new MutationObserver((m) => {
        for (const r of m) for (const n of r.addedNodes) if (n.classList && n.classList.contains('typing')) window.__typingSeen = true;
      }).observe(log, { childList: true });
    });
    const expected = await api({ question: EN_QUESTION, k: 3 });
    const { result, bubble } = await ask(page, '#chat-auto', EN_QUESTION);
    assert.deepEqual(result.answers.map((a) => a.id), expected.answers.map((a) => a.id), 'the widget asked what the API answers');
    assert.ok(await page.evaluate(() => window.__typingSeen), 'the typing indicator appeared');
    assert.equal(await page.locator('#chat-auto .typing').count(), 0, 'and went away');
    const { answer, expected: top } = await settle(page, '#chat-auto', result, bubble);
    assert.match(top.id, /salary/, 'a salary question gets a salary answer');
    assert.equal(await answer.getAttribute('data-entry-id'), top.id);
    const text = norm(await answer.locator('.answer-text').innerText());
    assert.equal(text, norm(top.answer.replace(/^\s*- /gm, '')));
    if (top.highlights.length) assert.ok(await answer.locator('mark').count() > 0, 'matched words are marked');
    const said = norm(await page.locator('#chat-auto .msg.user').first().innerText());
    assert.ok(said.endsWith(EN_QUESTION), `the question is echoed: ${said}`);
    first = top;
  });

  await step('a follow-up button asks it with the conversation context', async () => {
    assert.ok(first && first.follow_ups.length, 'the first answer has follow-ups');
    const fu = first.follow_ups[0];
    const answer = page.locator(`#chat-auto .msg.bot[data-entry-id="${first.id}"]`).last();
    const reply = page.waitForResponse((r) => r.url().endsWith('/v1/ask'));
    await answer.getByRole('button', { name: fu.question }).click();
    const result = await (await reply).json();
    const sent = asks[asks.length - 1];
    assert.equal(sent.question, fu.question);
    assert.ok(Array.isArray(sent.context) && sent.context.includes(EN_QUESTION), `context sent: ${JSON.stringify(sent.context)}`);
    assert.equal(result.outcome, 'answered');
    assert.equal(result.answers[0].id, fu.id, 'the follow-up question finds its own entry');
    await page.locator(`#chat-auto .msg.bot[data-entry-id="${fu.id}"]`).waitFor({ timeout: TIMEOUT });
  });

  await step('an Arabic conversation renders right-to-left', async () => {
    const dir = await page.evaluate(() => {
      const s = document.querySelector('#chat-ar').shadowRoot.querySelector('section');
      return { attr: s.getAttribute('dir'), css: getComputedStyle(s).direction };
    });
    assert.deepEqual(dir, { attr: 'rtl', css: 'rtl' });
    const { result, bubble } = await ask(page, '#chat-ar', AR_QUESTION);
    assert.equal(result.lang, 'ar');
    const { answer, expected } = await settle(page, '#chat-ar', result, bubble);
    assert.equal(await answer.getAttribute('data-entry-id'), expected.id);
    assert.equal(expected.lang, 'ar');
    assert.equal(await answer.evaluate((el) => getComputedStyle(el).direction), 'rtl');
    assert.equal(await answer.getAttribute('lang'), 'ar');
    assert.match(await answer.innerText(), ARABIC_LETTERS);
    // Right-to-left layout: the assistant's bubbles start at the right edge, the person's at the left.
    const log = await page.locator('#chat-ar .log').boundingBox();
    const a = await answer.boundingBox();
    const u = await page.locator('#chat-ar .msg.user').last().boundingBox();
    assert.ok(log.x + log.width - (a.x + a.width) < 40, 'assistant bubble hugs the right edge');
    assert.ok(u.x - log.x < 40, 'person bubble hugs the left edge');
  });

  await step('a question nothing answers gets the kind fallback', async () => {
    const q = 'zqxv wrrnt plokj';
    const expected = await api({ question: q, k: 3 });
    assert.equal(expected.outcome, 'fallback');
    const { bubble } = await ask(page, '#chat-auto', q);
    assert.ok(await bubble.evaluate((el) => el.classList.contains('fallback')));
    assert.equal(norm((await bubble.locator('p').first().innerText())), norm(expected.fallback));
  });

  await step('no console errors and no CSP violations', async () => {
    assert.deepEqual(problems, []);
  });

  await step('screenshot of the demo page', async () => {
    // Show the start of both conversations: the question, its answer and the follow-ups.
    await page.evaluate(() => {
      window.scrollTo(0, 0);
      for (const id of ['chat-auto', 'chat-ar']) {
        const log = document.getElementById(id).shadowRoot.querySelector('.log');
        const firstUser = log.querySelector('.msg.user');
        log.style.scrollBehavior = 'auto';
        if (firstUser) {
          log.scrollTop += firstUser.getBoundingClientRect().top - log.getBoundingClientRect().top - 14;
        }
      }
    });
    await page.screenshot({ path: join(opt.out, 'widget.png'), fullPage: false });
  });

  await step('clarify choices are buttons that show the chosen answer', async () => {
    const p = await context.newPage();
    watch(p);
    const real = await api({ question: EN_QUESTION, k: 3 });
    assert.ok(real.answers.length >= 2);
    // The server decides clarify on near ties; here its result is replayed as a clarify to test
    // the widget's side of it deterministically.
    await p.route('**/v1/ask', (route) => route.fulfill({ json: { ...real, answered: false, outcome: 'clarify' } }));
    await p.goto(`${opt.base}/`);
    const { bubble } = await ask(p, '#chat-auto', EN_QUESTION);
    const chips = bubble.locator('button.chip');
    assert.equal(await chips.count(), Math.min(3, real.answers.length));
    await chips.nth(1).click();
    const shown = p.locator('#chat-auto .msg.bot[data-entry-id]').last();
    assert.equal(await shown.getAttribute('data-entry-id'), real.answers[1].id);
    await p.close();
  });

  await step('a network failure is explained, with a retry button', async () => {
    const p = await context.newPage();
    await p.route('**/v1/ask', (route) => route.abort('connectionrefused'));
    await p.goto(`${opt.base}/`);
    await p.locator('#chat-auto textarea').fill(EN_QUESTION);
    await p.locator('#chat-auto textarea').press('Enter');
    const bubble = p.locator('#chat-auto .msg.bot.error').last();
    await bubble.waitFor({ timeout: TIMEOUT });
    assert.ok(await bubble.evaluate((el) => el.classList.contains('error')));
    assert.equal(await bubble.locator('button.chip').innerText(), 'Try again');
    await p.close();
  });

  await step('usable at phone width: no sideways scrolling', async () => {
    const p = await context.newPage();
    watch(p);
    await p.setViewportSize({ width: 375, height: 760 });
    await p.goto(`${opt.base}/`);
    await p.waitForFunction(() => !!customElements.get('faq-chat'));
    const { result, bubble } = await ask(p, '#chat-auto', EN_QUESTION);
    await settle(p, '#chat-auto', result, bubble);
    const m = await p.evaluate(() => ({
      page: document.documentElement.scrollWidth,
      widget: document.querySelector('#chat-auto').getBoundingClientRect().width,
    }));
    assert.ok(m.page <= 375, `page width ${m.page}`);
    assert.ok(m.widget <= 375 && m.widget >= 300, `widget width ${m.widget}`);
    const send = await p.locator('#chat-auto button.send').boundingBox();
    assert.ok(send.width >= 40 && send.height >= 40, 'the send button is a comfortable touch target');
    await p.screenshot({ path: join(opt.out, 'widget-phone.png') });
    await p.close();
  });
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}

if (failures) {
  console.log(`${failures} browser check(s) failed`);
  process.exit(1);
}
console.log('all browser checks passed');
