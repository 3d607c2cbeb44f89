// Real-browser checks of a built glossator site, run by tests/cli/browser.rs.
//
//   node tests/browser/check.mjs <base-url> <output-dir>
//
// <base-url> serves <output-dir> (the site was built for that address).
// Debian's Chromium (/usr/bin/chromium), driven by playwright-core, loads the
// pages below and checks, on each: no console error, page error or failed
// request; no axe-core violation, with the light and the dark colour scheme;
// no horizontal scroll at 360×740. Then the theme's behaviour: a mention's
// card on focus, hover and Escape, and the light/dark toggle across a reload.
// Citations on the article, in English and French: markers lead to their
// source, numbered in order, and show its card on focus and hover.
// Notes on passages, on /article/ and /noted/: markers and links back lead
// to their note and passage, numbered 1..n; Tab reaches them all, with a
// visible focus, and Enter lands on the note; the notes stand in the margin
// at 1280 wide without overlapping the text or each other, under their block
// at 360 wide and in print; and so without JavaScript too.
// Meanwhile the Nu HTML Checker validates every HTML file of <output-dir>.
// Every failure is collected and printed; the exit status is 1 if any.

import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const require = createRequire(import.meta.url);

const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];
// `/long-words/` and `/noted/` are written by tests/cli/browser.rs into its
// copy of the site: a long URL, autolink, inline code and word, which must
// wrap at 360 px; and notes on passages of every shape (across a link, in a
// list item, nested, two on one paragraph, on a table cell).
// `/ar/` and `/zh/` (Arabic, right to left; Chinese, without spaces) are
// written there too: a home page and UNODC's entry in each.
// The showcase's French edition is its own (`/fr/`).
const PAGES = [
  '/', '/article/', '/glossary/', '/glossary/unodc/', '/timeline/', '/search/', '/long-words/', '/noted/', '/notes/',
  '/criticism/', '/sources/', '/fr/', '/fr/article/', '/fr/glossary/unodc/', '/fr/timeline/',
  '/ar/', '/ar/glossary/', '/ar/glossary/unodc/', '/ar/timeline/', '/zh/', '/zh/glossary/unodc/', '/zh/timeline/',
];
// The pages with notes on passages, checked in detail.
const NOTE_PAGES = ['/article/', '/fr/article/', '/noted/'];
// The pages whose citations are checked in detail: the showcase's article,
// whose notes cite the official record, in English and in French.
const CITING_PAGES = ['/article/', '/fr/article/'];
const NARROW = { width: 360, height: 740 };
const WIDE = { width: 1280, height: 800 };
const TIMEOUT_MS = 5_000; // per action
// Per navigation: loading a page is a wait on the machine, not a check of
// the site. On CI's two cores, shared with the CLI tests, one load of an
// entry page took over 5 s in a run whose every other check passed.
const NAVIGATION_TIMEOUT_MS = 20_000;
const CARD_WAIT_MS = 1_500; // for the card to show or hide
// The whole run: a hang, not a slow machine. It took 182 s on 2 busy cores
// once the drawn timeline was checked in four sizes, then 424 s on CI
// machines half as fast, sharing their cores with the CLI tests: 420 s
// failed a run whose every check passed.
const WATCHDOG_MS = 900_000;

// The theme's markup these checks rely on.
const MENTION = 'main a.term';
const CARD = '#term-card';
const TOGGLE = '.theme-toggle';

const [baseArg, outputDir, liveArg, liveSite] = process.argv.slice(2);
if (!baseArg || !outputDir) {
  console.error('usage: node check.mjs <base-url> <output-dir>');
  process.exit(2);
}
const base = new URL(baseArg);
const at = (path) => new URL(path.replace(/^\//, ''), base).href;

const watchdog = setTimeout(() => {
  console.error(`FAIL: the checks took more than ${WATCHDOG_MS / 1000} s`);
  process.exit(1);
}, WATCHDOG_MS);

const failures = [];
function check(ok, what, detail = '') {
  if (ok) {
    console.log(`ok    ${what}`);
  } else {
    console.log(`FAIL  ${what}${detail ? `\n${indent(detail)}` : ''}`);
    failures.push(what);
  }
  return ok;
}
const indent = (text) => String(text).replace(/^/gm, '        ');

// --- Nu HTML Checker, in the background (the JVM is slow to start) ---------

function runVnu() {
  const jar = require.resolve('vnu-jar/build/dist/vnu.jar');
  return new Promise((resolve) => {
    const child = spawn('java', ['-jar', jar, '--errors-only', '--skip-non-html', outputDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (out += d));
    child.on('error', (e) => resolve({ code: -1, out: `cannot run java: ${e.message}` }));
    child.on('close', (code) => resolve({ code, out: out.trim() }));
  });
}
const vnu = runVnu();

// --- Browser ----------------------------------------------------------------

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });

/// A fresh page in its own context that records every console error, page
/// error and failed request.
async function open(options = {}) {
  const context = await browser.newContext({ viewport: WIDE, ...options });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT_MS);
  page.setDefaultNavigationTimeout(NAVIGATION_TIMEOUT_MS);
  const problems = [];
  // Chromium asks for /favicon.ico by itself when a page names no icon: not
  // the page's request, so not its error.
  const favicon = at('/favicon.ico');
  page.on('console', (m) => {
    if (m.type() === 'error' && m.location().url !== favicon) {
      problems.push(`console error: ${m.text()} (${m.location().url})`);
    }
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.stack || e.message}`));
  // A request the browser itself cancels because the page goes away (a
  // reload, a click) is not a failure of the site.
  page.on('requestfailed', (r) => {
    const error = r.failure()?.errorText;
    if (error !== 'net::ERR_ABORTED') problems.push(`request failed: ${r.url()} (${error})`);
  });
  page.on('response', (r) => {
    if (r.status() >= 400 && r.url() !== favicon) problems.push(`HTTP ${r.status()}: ${r.url()}`);
  });
  return { context, page, problems };
}

async function goto(page, path) {
  const response = await page.goto(at(path), { waitUntil: 'load' });
  if (!response || response.status() !== 200) {
    throw new Error(`${path} answered ${response ? response.status() : 'nothing'}`);
  }
}

function describeViolations(violations) {
  return violations
    .map((v) => {
      const nodes = v.nodes
        .map((n) => `- ${n.target.join(' ')}\n  ${n.html}\n  ${(n.failureSummary || '').replace(/\n/g, '\n  ')}`)
        .join('\n');
      return `[${v.impact}] ${v.id}: ${v.help} (${v.nodes.length} element${v.nodes.length > 1 ? 's' : ''})\n${v.helpUrl}\n${nodes}`;
    })
    .join('\n\n');
}

/// axe-core's violations on the page, or only within `selector`.
async function axe(page, selector = null) {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  }
  return page.evaluate(async (selector) => {
    const result = await window.axe.run(selector ? { include: [selector] } : document);
    return result.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, failureSummary: n.failureSummary })),
    }));
  }, selector);
}

async function checkPage(path) {
  for (const scheme of ['light', 'dark']) {
    const { context, page, problems } = await open({ colorScheme: scheme });
    try {
      await goto(page, path);
      const violations = await axe(page);
      check(violations.length === 0, `${path} (${scheme}): no axe violations`, describeViolations(violations));
      if (scheme === 'light') {
        await page.setViewportSize(NARROW);
        // The page's own `resize` handlers (notes, an open card) run with
        // the next frame: measured after them, as a reader sees it.
        await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
        const widths = await page.evaluate(() => {
          const root = document.documentElement;
          // The elements that stick out, to say what to fix.
          const wide = [...document.querySelectorAll('body *')]
            .filter((e) => e.getBoundingClientRect().right > root.clientWidth + 0.5)
            .filter((e) => !e.parentElement || e.parentElement.getBoundingClientRect().right <= root.clientWidth + 0.5)
            .slice(0, 10)
            .map((e) => `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''}${e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\s+/).join('.') : ''}: right edge at ${Math.round(e.getBoundingClientRect().right)}px`);
          return { scroll: root.scrollWidth, wide };
        });
        check(
          widths.scroll <= NARROW.width,
          `${path}: no horizontal scroll at ${NARROW.width}×${NARROW.height}`,
          `scrollWidth is ${widths.scroll}px; sticking out:\n${widths.wide.join('\n')}`,
        );
      }
      check(problems.length === 0, `${path} (${scheme}): no console errors, page errors or failed requests`, problems.join('\n'));
    } catch (e) {
      check(false, `${path} (${scheme}): loads and can be checked`, e.stack || e.message);
    } finally {
      await context.close();
    }
  }
}

// The entry title of each glossary URL path, from the site's own data.
async function entryTitles() {
  const response = await fetch(at('/explainer.json'));
  const data = await response.json();
  return new Map(data.entries.map((e) => [new URL(e.url, base).pathname, e.title]));
}

async function cardState(page) {
  return page.evaluate((selector) => {
    const card = document.querySelector(selector);
    if (!card) return { exists: false };
    const box = card.getBoundingClientRect();
    const style = getComputedStyle(card);
    return {
      exists: true,
      hidden: card.hidden,
      visible: !card.hidden && style.display !== 'none' && style.visibility !== 'hidden' && box.width > 0 && box.height > 0,
      role: card.getAttribute('role'),
      text: card.textContent.replace(/\s+/g, ' ').trim(),
    };
  }, CARD);
}

async function checkMentionCard() {
  const { context, page, problems } = await open();
  try {
    const titles = await entryTitles();
    await goto(page, '/article/');
    const mentions = page.locator(MENTION);
    const count = await mentions.count();
    if (!check(count >= 2, `/article/: has mentions (${MENTION})`, `found ${count}`)) return;

    // Keyboard: focus the first mention.
    const first = mentions.nth(0);
    const firstTitle = titles.get(new URL(await first.getAttribute('href'), base).pathname);
    await page.focus(MENTION);
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    let card = await cardState(page);
    check(
      card.exists && card.visible && card.role === 'tooltip' && firstTitle !== undefined && card.text.includes(firstTitle),
      `/article/: focusing the first mention shows ${CARD} (role="tooltip") with "${firstTitle}"`,
      JSON.stringify(card),
    );
    if (card.visible) {
      const violations = await axe(page, CARD);
      check(violations.length === 0, `/article/: no axe violations in the open ${CARD}`, describeViolations(violations));
    }
    const describedBy = await first.getAttribute('aria-describedby');
    check(describedBy === 'term-card', `/article/: the focused mention has aria-describedby="term-card"`, `it has ${JSON.stringify(describedBy)}`);

    // Escape hides it.
    await page.keyboard.press('Escape');
    await page.waitForSelector(CARD, { state: 'hidden', timeout: CARD_WAIT_MS }).catch(() => {});
    card = await cardState(page);
    check(card.exists && card.hidden && !card.visible, `/article/: Escape hides ${CARD} (hidden attribute)`, JSON.stringify(card));

    // Mouse: hover another mention.
    const second = mentions.nth(1);
    const secondTitle = titles.get(new URL(await second.getAttribute('href'), base).pathname);
    await second.hover();
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    card = await cardState(page);
    check(
      card.exists && card.visible && secondTitle !== undefined && card.text.includes(secondTitle),
      `/article/: hovering a mention shows ${CARD} with "${secondTitle}"`,
      JSON.stringify(card),
    );
    // The card stays inside a narrow screen. Chromium sends `resize` with
    // the next frame, so the open card is waited for, not read at once.
    const onScreen = (selector) => {
      const card = document.querySelector(selector);
      if (!card || card.hidden) return 'no visible card';
      const box = card.getBoundingClientRect();
      const width = document.documentElement.clientWidth;
      return box.left >= 0 && box.right <= width ? true : `card spans ${Math.round(box.left)}–${Math.round(box.right)}px of ${width}px`;
    };
    // `onScreen` itself, polled until it says true (its failures are
    // strings, which `waitForFunction` would take for success).
    const settles = async () => {
      const test = `(${onScreen})(${JSON.stringify(CARD)}) === true`;
      await page.waitForFunction(test, null, { timeout: CARD_WAIT_MS }).catch(() => {});
      return page.evaluate(onScreen, CARD);
    };
    // A card opened by the keyboard, nothing under the pointer, then the
    // window narrowed: the card follows.
    const reopen = async () => {
      await page.mouse.move(0, 0);
      await page.keyboard.press('Escape');
      await page.evaluate(() => document.activeElement && document.activeElement.blur());
      await page.waitForSelector(CARD, { state: 'hidden', timeout: CARD_WAIT_MS }).catch(() => {});
      await page.focus(MENTION);
      await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    };
    await reopen();
    await page.setViewportSize(NARROW);
    let fits = await settles();
    check(fits === true, `/article/: when the window narrows to ${NARROW.width}px the open card moves on screen`, fits);
    // A reader on a phone: nothing open, then a mention focused.
    await reopen();
    fits = await settles();
    check(fits === true, `/article/: at ${NARROW.width}px the card stays on screen`, fits);
    check(problems.length === 0, '/article/ cards: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, '/article/: mention cards can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

// Citations: every marker leads to its source in the page's list, numbered
// in order of first citation, one number per source, the list in that order;
// focusing a marker (keyboard) or hovering it shows the source's card, with
// the formatted source as the list shows it; Escape hides it. Without
// JavaScript the markers are plain links to the list.
async function checkCitations(path) {
  const { context, page, problems } = await open();
  try {
    await goto(page, path);
    const marks = await page.evaluate(() =>
      [...document.querySelectorAll('main a.cite[data-source]')].map((a) => {
        const item = document.getElementById(decodeURIComponent(a.hash.slice(1)));
        return {
          source: a.dataset.source,
          href: a.getAttribute('href'),
          number: parseInt(a.textContent, 10),
          target: item
            ? { tag: item.tagName, listed: !!item.closest('ol.sources'), text: (item.querySelector('.source-text') || item).textContent.replace(/\s+/g, ' ').trim() }
            : null,
        };
      }),
    );
    if (!check(marks.length >= 5, `${path}: has citation markers (main a.cite)`, `found ${marks.length}`)) return;
    const broken = marks.filter((m) => !m.target || m.target.tag !== 'LI' || !m.target.listed || m.href !== `#source-${m.source}`);
    check(broken.length === 0, `${path}: every citation marker leads to its <li id="source-…"> in ol.sources`, JSON.stringify(broken.slice(0, 3)));
    const numbers = new Map();
    const clashes = [];
    for (const m of marks) {
      if (!numbers.has(m.source)) numbers.set(m.source, m.number);
      else if (numbers.get(m.source) !== m.number) clashes.push(`${m.source}: ${numbers.get(m.source)} and ${m.number}`);
    }
    const firsts = [...numbers.values()];
    check(
      clashes.length === 0 && firsts.every((n, i) => n === i + 1),
      `${path}: citation numbers run 1..${firsts.length} in order of first citation, one per source`,
      `first numbers ${firsts.join(', ')}; clashes ${clashes.join('; ')}`,
    );
    const listed = await page.$$eval('main ol.sources > li', (items) => items.map((li) => li.id));
    const expected = [...numbers.keys()].map((k) => `source-${k}`);
    check(
      expected.every((id, i) => listed[i] === id),
      `${path}: ol.sources lists the cited sources in number order`,
      `listed ${listed.slice(0, 6).join(', ')}…; cited ${expected.slice(0, 6).join(', ')}…`,
    );

    const first = page.locator('main a.cite[data-source]').first();
    const firstText = marks[0].target ? marks[0].target.text.slice(0, 40) : '';
    await first.focus();
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    let card = await cardState(page);
    check(
      card.visible && card.role === 'tooltip' && firstText !== '' && card.text.includes(firstText),
      `${path}: focusing a citation marker shows ${CARD} with its source ("${firstText}…")`,
      JSON.stringify(card),
    );
    check(
      (await first.getAttribute('aria-describedby')) === 'term-card',
      `${path}: the focused citation marker has aria-describedby="term-card"`,
    );
    if (card.visible) {
      const violations = await axe(page, CARD);
      check(violations.length === 0, `${path}: no axe violations in the open source card`, describeViolations(violations));
    }
    await page.keyboard.press('Escape');
    await page.waitForSelector(CARD, { state: 'hidden', timeout: CARD_WAIT_MS }).catch(() => {});
    card = await cardState(page);
    check(card.hidden, `${path}: Escape hides the source card`, JSON.stringify(card));
    const last = page.locator('main a.cite[data-source]').last();
    const lastMark = marks[marks.length - 1];
    await last.scrollIntoViewIfNeeded();
    await last.hover();
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    card = await cardState(page);
    const lastText = lastMark.target ? lastMark.target.text.slice(0, 40) : '';
    check(card.visible && lastText !== '' && card.text.includes(lastText), `${path}: hovering a citation marker shows its source`, JSON.stringify(card));
    check(problems.length === 0, `${path} citations: no console errors, page errors or failed requests`, problems.join('\n'));
  } catch (e) {
    check(false, `${path}: citations can be checked`, e.stack || e.message);
  } finally {
    await context.close();
  }
  // Without JavaScript: the markers stay links to the list.
  const plain = await open({ javaScriptEnabled: false });
  try {
    await goto(plain.page, path);
    const href = await plain.page.locator('main a.cite[data-source]').first().getAttribute('href');
    await plain.page.locator('main a.cite[data-source]').first().click();
    const landed = await plain.page.evaluate(() => location.hash);
    check(landed === href, `${path} without JavaScript: a citation marker leads to its source`, `landed on ${landed}, expected ${href}`);
  } catch (e) {
    check(false, `${path} without JavaScript: citations can be followed`, e.stack || e.message);
  } finally {
    await plain.context.close();
  }
}

// In Arabic the page runs right to left: the mention of UNODC (joined to
// `و`) opens its card, in Arabic, from the mention's right edge and inside
// the screen. In Chinese the mention is found between characters, with no
// spaces around it.
async function checkOtherScripts() {
  const { context, page } = await open();
  try {
    await goto(page, '/ar/');
    const dir = await page.evaluate(() => document.documentElement.dir);
    check(dir === 'rtl', '/ar/: <html dir="rtl">', `dir is ${JSON.stringify(dir)}`);
    const mention = page.locator(MENTION).first();
    if (check((await page.locator(MENTION).count()) >= 1, '/ar/: the UNODC mention after a joined و is linked', 'no mention')) {
      for (const size of [WIDE, NARROW]) {
        await page.setViewportSize(size);
        await mention.focus();
        await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
        const placed = await page.evaluate(([selector, mentionSelector]) => {
          const card = document.querySelector(selector);
          const link = document.querySelector(mentionSelector);
          if (!card || card.hidden) return { visible: false };
          const box = card.getBoundingClientRect();
          const at = link.getBoundingClientRect();
          return {
            visible: true,
            inside: box.left >= 0 && box.right <= document.documentElement.clientWidth,
            rightAligned: Math.abs(box.right - at.right) < 2 || box.left <= 8 || box.right >= document.documentElement.clientWidth - 8,
            text: card.textContent,
          };
        }, [CARD, MENTION]);
        check(
          placed.visible && placed.inside && placed.rightAligned && /مكتب/.test(placed.text),
          `/ar/ at ${size.width}px: the card opens in Arabic, from the mention's right edge, inside the screen`,
          JSON.stringify(placed),
        );
        await page.keyboard.press('Escape');
        await page.evaluate(() => document.activeElement && document.activeElement.blur());
      }
    }
    await goto(page, '/zh/');
    const zh = await page.locator(MENTION).allTextContents();
    check(zh.includes('联合国毒品和犯罪问题办公室'), '/zh/: the mention is found between Chinese characters', JSON.stringify(zh));
  } catch (e) {
    check(false, '/ar/ and /zh/: can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

async function checkThemeToggle() {
  const { context, page, problems } = await open();
  try {
    await goto(page, '/article/');
    const toggle = page.locator(TOGGLE);
    const count = await toggle.count();
    if (!check(count === 1, `/article/: one ${TOGGLE} button`, `found ${count}`)) return;
    check(await toggle.isVisible(), `/article/: ${TOGGLE} is visible`);
    const theme = () => page.evaluate(() => document.documentElement.dataset.theme);
    const before = await theme();
    await toggle.click();
    const after = await theme();
    check(
      ['light', 'dark'].includes(after) && after !== before,
      `/article/: clicking ${TOGGLE} switches data-theme`,
      `before: ${JSON.stringify(before)}, after: ${JSON.stringify(after)}`,
    );
    await page.reload({ waitUntil: 'load' });
    const reloaded = await theme();
    check(reloaded === after, `/article/: data-theme persists across a reload`, `after the click: ${JSON.stringify(after)}, after reloading: ${JSON.stringify(reloaded)}`);
    // And on another page of the site.
    await goto(page, '/glossary/');
    const elsewhere = await theme();
    check(elsewhere === after, `/glossary/: the chosen data-theme applies on other pages`, `${JSON.stringify(elsewhere)} instead of ${JSON.stringify(after)}`);
    await page.locator(TOGGLE).click();
    const back = await theme();
    check(back !== after && ['light', 'dark'].includes(back), `/glossary/: clicking ${TOGGLE} again switches back`, `${JSON.stringify(back)}`);
    check(problems.length === 0, 'theme toggle: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, '/article/: the theme toggle can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

// The result links of the search page at `path` once it has answered.
async function resultLinks(page, path) {
  await goto(page, path);
  await page.waitForSelector('#search-results li', { timeout: TIMEOUT_MS }).catch(() => {});
  return page.$$eval('#search-results li a', (links) => links.map((a) => a.getAttribute('href')));
}

async function checkSearch() {
  const { context, page, problems } = await open();
  try {
    // From the search box in the header of any page.
    await goto(page, '/article/');
    await page.fill('#site-search-q', 'drugs crime');
    await page.press('#site-search-q', 'Enter');
    await page.waitForSelector('#search-results li', { timeout: TIMEOUT_MS });
    const results = await page.$$eval('#search-results li', (items) =>
      items.map((li) => ({
        href: li.querySelector('a').getAttribute('href'),
        kind: li.querySelector('.result-kind').textContent,
        snippet: li.querySelector('.result-snippet')?.textContent || '',
      })),
    );
    const entry = results.find((r) => r.href.endsWith('/glossary/unodc/'));
    check(Boolean(entry), 'search: "drugs crime" finds the UNODC entry', JSON.stringify(results, null, 1));
    check(entry && entry.kind === 'entry', 'search: the UNODC result is marked as an entry', JSON.stringify(entry));
    const summary = (await (await fetch(at('/explainer.json'))).json()).entries.find((e) => e.id === 'unodc').summary;
    const start = summary.replace(/'/g, '’').slice(0, 30);
    check(entry && entry.snippet.startsWith(start),
      `search: the UNODC result shows the start of its summary ("${start}…"), not the words around an alias`, JSON.stringify(entry));
    const article = results.find((r) => r.href.endsWith('/article/'));
    check(article && /drugs|crime/i.test(article.snippet),
      'search: a page result shows the words around what was found', JSON.stringify(article));
    // A prefix of the last word is enough, and events are found too.
    await goto(page, '/search/?q=hano');
    await page.waitForSelector('#search-results li', { timeout: TIMEOUT_MS });
    const kinds = await page.$$eval('#search-results .result-kind', (k) => k.map((e) => e.textContent));
    check(kinds.includes('event') && kinds.includes('entry'), 'search: "hano" finds entries and events', JSON.stringify(kinds));
    check((await axe(page)).length === 0, 'search: the results page has no axe violations');
    // Words are stemmed: "ratifying" is not in the text, "ratification" is.
    check((await resultLinks(page, '/search/?q=ratifying')).some((h) => h.endsWith('/glossary/ratification/')),
      'search: "ratifying" finds the Ratification entry (stemming)');
    // Each language searches its own text: Chinese without spaces between
    // words, Arabic with its article and a joined conjunction.
    check((await resultLinks(page, '/zh/search/?q=' + encodeURIComponent('维也纳'))).some((h) => h.endsWith('/zh/glossary/unodc/')),
      'search: 维也纳 (Vienna), inside a run of Chinese, finds the Chinese UNODC entry');
    check((await resultLinks(page, '/ar/search/?q=' + encodeURIComponent('فيينا'))).some((h) => h.endsWith('/ar/glossary/unodc/')),
      'search: فيينا (Vienna) finds the Arabic UNODC entry');
    check((await axe(page)).length === 0, 'search: the Arabic results page has no axe violations');
    check(problems.length === 0, 'search: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, 'search can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

// --- Notes on passages --------------------------------------------------------
// Each note's passage is marked (`mark.note`, the first with id="note-ID") and
// followed by a numbered marker (`a.note-ref`) that links to the note, an
// `aside.note-body` after the block, which links back (`a.note-back`). The
// asides directly in `.prose` sit in the margin on wide screens, under their
// block on narrow ones and in print; with or without JavaScript.

/// Where every note's marker, link back and passage lead, by the page's DOM.
async function noteLinks(page) {
  return page.evaluate(() => {
    const target = (a) => {
      const href = a.getAttribute('href') || '';
      return href.startsWith('#') ? document.getElementById(decodeURIComponent(href.slice(1))) : null;
    };
    const refs = [...document.querySelectorAll('a.note-ref')].map((a) => {
      const t = target(a);
      return { href: a.getAttribute('href'), text: a.textContent.trim(), target: t ? `${t.tagName.toLowerCase()}.${t.className}` : null, aside: Boolean(t && t.matches('aside.note-body')) };
    });
    const backs = [...document.querySelectorAll('a.note-back')].map((a) => {
      const t = target(a);
      const aside = a.closest('aside.note-body');
      const first = t && t.matches('mark.note') ? document.querySelector(`mark.note[data-note="${CSS.escape(t.dataset.note)}"]`) : null;
      return {
        href: a.getAttribute('href'),
        text: a.textContent.trim(),
        aside: aside ? aside.id : null,
        target: t ? `${t.tagName.toLowerCase()}.${t.className}` : null,
        mark: Boolean(t && t.matches('mark.note')),
        // The link back leads to the start of the passage and to its own note's passage.
        first: Boolean(first && first === t),
        own: Boolean(t && aside && `note-${t.dataset.note}-body` === aside.id),
      };
    });
    const asides = [...document.querySelectorAll('aside.note-body')].map((a) => a.id);
    return { refs, backs, asides };
  });
}

function checkNoteLinks(path, links) {
  const { refs, backs, asides } = links;
  check(refs.length > 0 && asides.length > 0, `${path}: has notes (a.note-ref, aside.note-body)`, `${refs.length} markers, ${asides.length} asides`);
  const badRefs = refs.filter((r) => !r.aside);
  check(badRefs.length === 0, `${path}: every a.note-ref leads to an aside.note-body`, badRefs.map((r) => `${r.href} (marker ${r.text}) → ${r.target}`).join('\n'));
  const badBacks = backs.filter((b) => !b.mark || !b.first || !b.own);
  check(
    backs.length === asides.length && badBacks.length === 0,
    `${path}: every a.note-back leads to the first mark.note of its own note's passage`,
    `${backs.length} links back for ${asides.length} asides\n${badBacks.map((b) => `${b.href} in #${b.aside} → ${b.target}${b.mark && !b.first ? ', not the first mark of the passage' : ''}${b.mark && !b.own ? ", another note's passage" : ''}`).join('\n')}`,
  );
  const numbers = refs.map((r) => r.text);
  const expected = refs.map((_, i) => String(i + 1));
  check(
    numbers.join() === expected.join(),
    `${path}: the markers are numbered 1..${refs.length} in document order`,
    `in document order: ${refs.map((r) => `${r.text} (${r.href})`).join(', ')}`,
  );
  // One marker per note, and its note says the same number.
  const byHref = new Map(refs.map((r) => [r.href.slice(1), r.text]));
  const mismatched = backs.filter((b) => byHref.get(b.aside) !== b.text).map((b) => `#${b.aside} says ${b.text}, its marker ${byHref.get(b.aside) ?? '(none)'}`);
  const twice = refs.filter((r, i) => refs.findIndex((s) => s.href === r.href) !== i).map((r) => r.href);
  check(
    mismatched.length === 0 && twice.length === 0 && refs.length === asides.length,
    `${path}: one marker per note, with the number its note shows`,
    [...mismatched, ...twice.map((h) => `two markers lead to ${h}`), `${refs.length} markers, ${asides.length} asides`].join('\n'),
  );
  // Notes follow one another in the order of their numbers.
  const order = backs.map((b) => Number(b.text));
  check(
    order.every((n, i) => i === 0 || n > order[i - 1]),
    `${path}: the asides stand in the order of their numbers`,
    `asides' numbers in document order: ${order.join(', ')}`,
  );
}

/// The boxes of the notes and of the blocks around them, as laid out now.
async function noteGeometry(page) {
  return page.evaluate(() => {
    const box = (e) => {
      const r = e.getBoundingClientRect();
      return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, width: r.width, height: r.height };
    };
    const notes = [];
    const proses = [];
    const passage = (aside) => [...document.querySelectorAll(`mark.note[data-note="${CSS.escape(aside.id.replace(/^note-|-body$/g, ''))}"]`)].map(box);
    const shown = (e) => {
      const style = getComputedStyle(e);
      return style.display !== 'none' && style.visibility !== 'hidden' && e.getClientRects().length > 0;
    };
    for (const prose of document.querySelectorAll('.prose')) {
      if (!prose.querySelector('aside.note-body')) continue;
      // The text column: the blocks directly in .prose, in order.
      const blocks = [...prose.children].filter((c) => !c.matches('aside.note-body'));
      const p = proses.length;
      proses.push({ box: box(prose), line: parseFloat(getComputedStyle(prose).lineHeight) || 27, blocks: blocks.map((b) => ({ tag: b.tagName.toLowerCase(), ...box(b) })) });
      let previous = null; // the note before, directly in this .prose
      for (const child of prose.children) {
        if (!child.matches('aside.note-body')) continue;
        let block = child.previousElementSibling;
        while (block && block.matches('aside.note-body')) block = block.previousElementSibling;
        const index = blocks.indexOf(block);
        notes.push({
          id: child.id,
          top_level: true,
          prose: p,
          box: box(child),
          block: index >= 0 ? { index, tag: block.tagName.toLowerCase(), ...box(block) } : null,
          previous: previous ? box(previous) : null,
          style: child.getAttribute('style'), // what the script set
          line: parseFloat(getComputedStyle(block || prose).lineHeight) || 27,
          visible: shown(child),
          marks: passage(child),
        });
        previous = child;
      }
      // Notes inside a block (a list item's).
      for (const child of prose.querySelectorAll(':scope > * aside.note-body')) {
        const block = blocks.find((b) => b.contains(child));
        notes.push({
          id: child.id,
          top_level: false,
          prose: p,
          box: box(child),
          block: { index: blocks.indexOf(block), tag: block.tagName.toLowerCase(), ...box(block) },
          container: child.parentElement.tagName.toLowerCase(),
          line: parseFloat(getComputedStyle(child.parentElement).lineHeight) || 27,
          visible: shown(child),
          marks: passage(child),
        });
      }
    }
    return { notes, proses, viewport: { width: document.documentElement.clientWidth, height: innerHeight } };
  });
}

const px = (n) => `${Math.round(n * 10) / 10}px`;
const EPS = 0.5;

/// Wide screen: the notes directly in `.prose` in the margin, right of the
/// text column, one under the other; a note inside a list item in the text.
function checkWideNotes(label, geometry, { script }) {
  const { notes, proses, viewport } = geometry;
  const top = notes.filter((n) => n.top_level);
  check(top.length > 0, `${label}: has notes in the margin's reach (aside.note-body in .prose)`, `${notes.length} asides, none directly in .prose`);
  const hidden = notes.filter((n) => !n.visible || n.box.width < 1 || n.box.height < 1);
  check(hidden.length === 0, `${label}: every note is visible`, hidden.map((n) => `#${n.id}: ${n.box.width}×${n.box.height}`).join('\n'));
  const notBeside = top
    .map((n) => {
      const column = Math.max(...proses[n.prose].blocks.map((b) => b.right));
      return n.box.left + EPS < column || n.box.left + EPS < n.block.right || n.box.right > viewport.width + EPS
        ? `#${n.id}: left edge ${px(n.box.left)}, right edge ${px(n.box.right)}; its ${n.block.tag} ends at ${px(n.block.right)}, the text column at ${px(column)}, the window at ${px(viewport.width)}`
        : null;
    })
    .filter(Boolean);
  check(notBeside.length === 0, `${label}: each note in .prose sits in the margin, right of the text column and on screen`, notBeside.join('\n'));
  // No note covers a block of the text.
  const covering = [];
  for (const n of notes) {
    for (const b of proses[n.prose].blocks) {
      const inside = !n.top_level && b === proses[n.prose].blocks[n.block.index]; // its own list
      const overlap = n.box.left < b.right - EPS && b.left < n.box.right - EPS && n.box.top < b.bottom - EPS && b.top < n.box.bottom - EPS;
      if (overlap && !inside) covering.push(`#${n.id} (${px(n.box.left)}–${px(n.box.right)} × ${px(n.box.top)}–${px(n.box.bottom)}) covers a ${b.tag} (${px(b.left)}–${px(b.right)} × ${px(b.top)}–${px(b.bottom)})`);
    }
  }
  check(covering.length === 0, `${label}: no note covers the text`, covering.join('\n'));
  const sorted = [...top].sort((a, b) => a.box.top - b.box.top);
  const overlapping = sorted
    .map((n, i) => (i > 0 && n.box.top < sorted[i - 1].box.bottom - EPS ? `#${sorted[i - 1].id} (${px(sorted[i - 1].box.top)}–${px(sorted[i - 1].box.bottom)}) and #${n.id} (${px(n.box.top)}–${px(n.box.bottom)})` : null))
    .filter(Boolean);
  check(overlapping.length === 0, `${label}: no two notes in the margin overlap`, overlapping.join('\n'));
  // A note with room above it stands level with its block, within a line.
  const placed = top
    .map((n) => {
      const free = !n.previous || n.previous.bottom + n.line < n.block.top;
      if (free) {
        return Math.abs(n.box.top - n.block.top) <= n.line ? null : `#${n.id}: top at ${px(n.box.top)}, its ${n.block.tag}'s top at ${px(n.block.top)} (a line is ${px(n.line)}); nothing above it`;
      }
      // A crowded note moves down just enough to clear the one above (the script).
      if (script && n.box.top > Math.max(n.block.top, n.previous.bottom) + n.line) {
        return `#${n.id}: top at ${px(n.box.top)}, more than a line (${px(n.line)}) below both its ${n.block.tag}'s top (${px(n.block.top)}) and the note above's bottom (${px(n.previous.bottom)})`;
      }
      return null;
    })
    .filter(Boolean);
  check(
    placed.length === 0,
    `${label}: each note in the margin stands level with its block${script ? ', or just under the note above it' : ' when nothing above crowds it'}`,
    placed.join('\n'),
  );
  // The text column's blocks keep their places: no note pushes the text down.
  if (script) {
    const holes = [];
    for (const p of proses) {
      for (let i = 1; i < p.blocks.length; i++) {
        const gap = p.blocks[i].top - p.blocks[i - 1].bottom;
        if (gap > 3 * p.line) holes.push(`${px(gap)} between a ${p.blocks[i - 1].tag} (bottom ${px(p.blocks[i - 1].bottom)}) and a ${p.blocks[i].tag} (top ${px(p.blocks[i].top)})`);
      }
    }
    check(holes.length === 0, `${label}: the notes do not push the text apart (no gap over 3 lines in the text column)`, holes.join('\n'));
  }
  // A note in a list item stays in the text column, under its passage.
  const inner = notes.filter((n) => !n.top_level);
  const strayed = inner
    .map((n) => {
      const p = proses[n.prose].box;
      const column = Math.max(...proses[n.prose].blocks.map((b) => b.right));
      const below = Math.max(...n.marks.map((m) => m.bottom));
      return n.box.left + EPS < p.left || n.box.right > column + EPS || n.box.top + EPS < below
        ? `#${n.id} (in a ${n.container}): ${px(n.box.left)}–${px(n.box.right)}, top ${px(n.box.top)}; text column ${px(p.left)}–${px(column)}, passage ends at ${px(below)}`
        : null;
    })
    .filter(Boolean);
  if (inner.length) check(strayed.length === 0, `${label}: a note in a list item stays in the text column, under its passage`, strayed.join('\n'));
}

/// Narrow screen (and print): every note under its block, within the text
/// column.
function checkNotesUnder(label, geometry, { print = false } = {}) {
  const { notes, proses } = geometry;
  check(notes.length > 0, `${label}: has notes`, 'no aside.note-body in .prose');
  const hidden = notes.filter((n) => !n.visible || n.box.width < 1 || n.box.height < 1);
  check(hidden.length === 0, `${label}: every note is visible`, hidden.map((n) => `#${n.id}: ${n.box.width}×${n.box.height}`).join('\n'));
  const notUnder = notes
    .map((n) => {
      const marks = Math.max(...n.marks.map((m) => m.bottom));
      const above = n.top_level ? Math.max(n.block.bottom, marks, n.previous ? n.previous.bottom : -Infinity) : marks;
      // Under its block, and right under it (or under the note before it).
      const style = n.style ? ` (style="${n.style}")` : '';
      if (n.box.top + EPS < above) return `#${n.id}: top at ${px(n.box.top)}, above the bottom of ${n.top_level ? `its ${n.block.tag} or the note before` : 'its passage'} (${px(above)})${style}`;
      if (n.top_level && n.box.top - above > 2 * n.line) return `#${n.id}: top at ${px(n.box.top)}, ${px(n.box.top - above)} under its ${n.block.tag} (${px(above)}), more than two lines${style}`;
      return null;
    })
    .filter(Boolean);
  check(notUnder.length === 0, `${label}: each note stands under its block`, notUnder.join('\n'));
  // And the block after the note starts below it.
  const covered = [];
  for (const n of notes.filter((n) => n.top_level)) {
    const next = proses[n.prose].blocks[n.block.index + 1];
    if (next && next.top + EPS < n.box.bottom) covered.push(`#${n.id} ends at ${px(n.box.bottom)}, the ${next.tag} after it starts at ${px(next.top)}${n.style ? ` (style="${n.style}")` : ''}`);
  }
  check(covered.length === 0, `${label}: the text after a note starts below it`, covered.join('\n'));
  const outside = notes
    .map((n) => {
      const p = proses[n.prose].box;
      const inColumn = n.box.left + EPS >= p.left && n.box.right <= p.right + EPS;
      const flush = !print || !n.top_level || Math.abs(n.box.left - p.left) <= 2;
      return inColumn && flush ? null : `#${n.id}: ${px(n.box.left)}–${px(n.box.right)}; the text column (.prose) ${px(p.left)}–${px(p.right)}`;
    })
    .filter(Boolean);
  check(
    outside.length === 0,
    print ? `${label}: no note in a side column (each within the text, those in .prose flush with its left edge)` : `${label}: each note lies within the text column`,
    outside.join('\n'),
  );
}

/// Tab from the top of the page through every link: each marker and each link
/// back is reached, and a focused marker shows its focus.
async function checkNoteKeyboard(page, path, links) {
  await page.evaluate(() => { if (document.activeElement) document.activeElement.blur(); window.scrollTo(0, 0); });
  const wanted = new Set([...links.refs.map((r) => `ref ${r.href}`), ...links.backs.map((b) => `back ${b.href}`)]);
  const reached = new Set();
  let outline = null;
  const seen = [];
  for (let i = 0; i < 600; i++) {
    await page.keyboard.press('Tab');
    const focused = await page.evaluate(() => {
      const e = document.activeElement;
      if (!e || e === document.body) return null;
      const style = getComputedStyle(e);
      return {
        key: e.matches('a.note-ref') ? `ref ${e.getAttribute('href')}` : e.matches('a.note-back') ? `back ${e.getAttribute('href')}` : null,
        tag: `${e.tagName.toLowerCase()}${e.id ? '#' + e.id : ''} ${e.getAttribute('href') || ''}`,
        outline: { style: style.outlineStyle, width: parseFloat(style.outlineWidth) || 0 },
        path: e.outerHTML.slice(0, 60),
      };
    });
    if (!focused) {
      if (i > 0) break; // past the last link
      continue;
    }
    if (seen.length && seen[0] === focused.path && i > 1) break; // wrapped round
    seen.push(focused.path);
    if (focused.key) {
      reached.add(focused.key);
      if (focused.key.startsWith('ref ') && (outline === null || outline.ok)) {
        outline = { ok: focused.outline.style !== 'none' && focused.outline.width > 0, ...focused.outline, key: focused.key };
      }
    }
  }
  const missed = [...wanted].filter((w) => !reached.has(w));
  check(
    wanted.size > 0 && missed.length === 0,
    `${path}: Tab from the top reaches every note marker and link back (${wanted.size})`,
    `not reached in ${seen.length} presses of Tab: ${missed.join(', ')}`,
  );
  check(
    outline !== null && outline.ok,
    `${path}: a note marker focused from the keyboard shows a focus outline`,
    outline ? `${outline.key}: outline-style ${outline.style}, outline-width ${outline.width}px` : 'no marker was focused',
  );
}

/// Enter on each marker lands on its note, in view; Enter on the note's link
/// back lands on the passage, in view.
async function checkNoteFollow(page, label, links) {
  const wrong = [];
  for (const ref of links.refs) {
    const id = ref.href.slice(1);
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.locator(`a.note-ref[href="${ref.href}"]`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash === h, ref.href, { timeout: 1_000 }).catch(() => {});
    await page.waitForTimeout(50);
    const state = await page.evaluate((id) => {
      const e = document.getElementById(id);
      const r = e ? e.getBoundingClientRect() : null;
      return { hash: location.hash, box: r && { top: r.top, bottom: r.bottom, left: r.left, right: r.right }, height: innerHeight, width: document.documentElement.clientWidth };
    }, id);
    const b = state.box;
    const inView = b && b.top >= -EPS && b.top < state.height && (b.bottom <= state.height + EPS || b.bottom - b.top > state.height) && b.left >= -EPS && b.right <= state.width + EPS;
    if (state.hash !== ref.href || !inView) {
      wrong.push(`marker ${ref.text} → hash ${state.hash || '(none)'}, #${id} at ${b ? `${px(b.left)}–${px(b.right)} × ${px(b.top)}–${px(b.bottom)}` : 'nowhere'} in a ${state.width}×${state.height} window`);
    }
  }
  check(wrong.length === 0, `${label}: Enter on each note marker lands on its note, in view`, wrong.join('\n'));
  const back = [];
  for (const link of links.backs) {
    const id = link.href.slice(1);
    await page.locator(`#${link.aside} a.note-back`).focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction((h) => location.hash === h, link.href, { timeout: 1_000 }).catch(() => {});
    await page.waitForTimeout(50);
    const state = await page.evaluate((id) => {
      const e = document.getElementById(id);
      const r = e ? e.getBoundingClientRect() : null;
      return { hash: location.hash, box: r && { top: r.top, bottom: r.bottom }, height: innerHeight };
    }, id);
    const b = state.box;
    if (state.hash !== link.href || !b || b.top < -EPS || b.top >= state.height) {
      back.push(`link back ${link.text} → hash ${state.hash || '(none)'}, #${id} at ${b ? `${px(b.top)}–${px(b.bottom)}` : 'nowhere'} in a window ${state.height}px high`);
    }
  }
  check(back.length === 0, `${label}: Enter on each note's link back lands on its passage, in view`, back.join('\n'));
}

async function checkNotes(path) {
  const { context, page, problems } = await open();
  try {
    await goto(page, path);
    const links = await noteLinks(page);
    checkNoteLinks(path, links);
    if (links.refs.length === 0) return;

    checkWideNotes(`${path} at ${WIDE.width}×${WIDE.height}`, await noteGeometry(page), { script: true });
    await checkNoteKeyboard(page, path, links);
    await checkNoteFollow(page, `${path} at ${WIDE.width}×${WIDE.height}`, links);

    await page.setViewportSize(NARROW);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    checkNotesUnder(`${path} at ${NARROW.width}×${NARROW.height}`, await noteGeometry(page));
    await checkNoteFollow(page, `${path} at ${NARROW.width}×${NARROW.height}`, links);

    // Print, from a wide window: the notes under their blocks.
    await page.setViewportSize(WIDE);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.emulateMedia({ media: 'print' });
    checkNotesUnder(`${path} in print (${WIDE.width} wide)`, await noteGeometry(page), { print: true });
    await page.emulateMedia({ media: 'screen' });
    check(problems.length === 0, `${path} notes: no console errors, page errors or failed requests`, problems.join('\n'));
  } catch (e) {
    check(false, `${path}: notes can be checked`, e.stack || e.message);
  } finally {
    await context.close();
  }
}

async function checkNotesWithoutScript(path) {
  const { context, page, problems } = await open({ javaScriptEnabled: false });
  try {
    await goto(page, path);
    checkWideNotes(`${path} without JavaScript at ${WIDE.width}×${WIDE.height}`, await noteGeometry(page), { script: false });
    await page.emulateMedia({ media: 'print' });
    checkNotesUnder(`${path} without JavaScript in print (${WIDE.width} wide)`, await noteGeometry(page), { print: true });
    await page.emulateMedia({ media: 'screen' });
    await page.setViewportSize(NARROW);
    checkNotesUnder(`${path} without JavaScript at ${NARROW.width}×${NARROW.height}`, await noteGeometry(page));
    check(problems.length === 0, `${path} without JavaScript: no console errors, page errors or failed requests`, problems.join('\n'));
  } catch (e) {
    check(false, `${path}: notes without JavaScript can be checked`, e.stack || e.message);
  } finally {
    await context.close();
  }
}

// Print: the pages a reader prints, at the width of an A4 page's text
// (about 700 CSS pixels), in print media, with the reader's dark theme on.
const PRINT_PAGES = ['/article/', '/glossary/', '/glossary/unodc/', '/timeline/', '/noted/', '/long-words/', '/ar/'];
const PRINT = { width: 700, height: 1000 };

async function checkPrint() {
  const { context, page, problems } = await open({ viewport: PRINT, colorScheme: 'dark' });
  try {
    await goto(page, '/');
    await page.evaluate(() => localStorage.setItem('glossator-theme', 'dark'));
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    for (const path of PRINT_PAGES) {
      await goto(page, path);
      const seen = await page.evaluate(() => {
        const shown = (css) => [...document.querySelectorAll(css)].filter((e) => e.getClientRects().length > 0).length;
        const width = document.documentElement.clientWidth;
        const off = [...document.querySelectorAll('body *')]
          .filter((e) => { const r = e.getBoundingClientRect(); return r.width > 0 && (r.right > width + 1 || r.left < -1); })
          .map((e) => `${e.tagName.toLowerCase()}.${e.className}`);
        return {
          chrome: shown('.site-header nav, .site-search, .languages, .theme-toggle, .pager, .site-footer, .az, .kind-filter, .term-card'),
          off: off.slice(0, 5),
          scroll: document.documentElement.scrollWidth - width,
          background: getComputedStyle(document.body).backgroundColor,
          color: getComputedStyle(document.body).color,
          theme: document.documentElement.getAttribute('data-theme'),
        };
      });
      check(seen.theme === 'dark', `${path} in print: the reader's dark theme is on (the check means something)`, seen.theme);
      check(seen.chrome === 0, `${path} in print: no navigation, search box, language switcher, toggle or card`, `${seen.chrome} shown`);
      check(seen.off.length === 0 && seen.scroll <= 0, `${path} in print: no element off the page (${PRINT.width} wide)`, JSON.stringify(seen));
      check(seen.background === 'rgb(255, 255, 255)' && seen.color === 'rgb(0, 0, 0)', `${path} in print: black on white whatever the theme`, JSON.stringify(seen));
    }
    // A link's address after it, but not after a link that shows it already.
    await goto(page, '/noted/');
    const after = await page.evaluate(() => {
      const a = [...document.querySelectorAll('.prose a')].find((e) => e.textContent.includes('official record'));
      return a ? getComputedStyle(a, '::after').content : 'no such link';
    });
    check(after.includes('https://example.org/'), '/noted/ in print: a link in the text is followed by its address', after);
    await goto(page, '/long-words/');
    const own = await page.evaluate(() => {
      const a = document.querySelector('.prose a.url');
      return a ? getComputedStyle(a, '::after').content : 'no a.url';
    });
    check(own === 'none' || own === 'normal', '/long-words/ in print: a link written as its own address is not repeated', own);
    // The real print path: a PDF of the article.
    await goto(page, '/article/');
    const pdf = await page.pdf({ format: 'A4', margin: { top: '15mm', bottom: '15mm', left: '12mm', right: '12mm' } });
    check(pdf.length > 10_000 && pdf.subarray(0, 5).toString() === '%PDF-', '/article/ prints to a PDF', `${pdf.length} bytes`);
    check(problems.length === 0, 'print: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, 'print can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

async function checkFromDisk() {
  const { context, page } = await open();
  try {
    const file = (p) => new URL(`file://${outputDir.replace(/\/$/, '')}/${p}`).href;
    await page.goto(file('article/index.html'), { waitUntil: 'load', timeout: TIMEOUT_MS });
    const styled = await page.evaluate(() => getComputedStyle(document.body).getPropertyValue('font-family'));
    check(/Georgia/.test(styled), 'file://: the stylesheet loads from the disk', `font-family: ${styled}`);
    const nav = page.locator('header nav a', { hasText: 'Glossary' });
    const href = await nav.getAttribute('href');
    check(/index\.html$/.test(href), 'file://: folder links open their index.html', href);
    await nav.click();
    await page.waitForLoadState('load');
    check(/\/glossary\/index\.html$/.test(page.url()), 'file://: the glossary link leads to the glossary page', page.url());
    check((await page.locator('h1').textContent()).trim() === 'Glossary', 'file://: the glossary page shows', await page.locator('h1').textContent());
  } catch (e) {
    check(false, 'file://: the site can be opened from the disk', e.stack || e.message);
  } finally {
    await context.close();
  }
}

// glossator serve: an edit reloads the open page by itself, keeping its
// scroll; a broken file shows the error overlay, and fixing it clears it.
async function checkLiveReload() {
  const { context, page } = await open();
  const fs = await import('node:fs');
  const article = `${liveSite}/content/article.md`;
  const about = `${liveSite}/content/about.md`;
  const articleText = fs.readFileSync(article, 'utf8');
  const aboutText = fs.readFileSync(about, 'utf8');
  try {
    const live = new URL('article/', liveArg).href;
    // glossator serve may still be making its first build.
    for (let tries = 0; ; tries++) {
      try {
        const response = await page.goto(live, { waitUntil: 'load', timeout: TIMEOUT_MS });
        if (response && response.ok()) break;
      } catch (e) {
        if (tries > 80) throw e;
      }
      if (tries > 80) throw new Error(`${live} did not answer`);
      await page.waitForTimeout(250);
    }
    await page.waitForTimeout(500); // the event stream connects
    await page.evaluate(() => { window.notReloaded = true; window.scrollTo(0, 400); });
    const marker = `Live reload marker ${Date.now()}.`;
    fs.writeFileSync(article, `${articleText}\n\n${marker}\n`);
    await page.waitForFunction((m) => document.body.innerText.includes(m), marker, { timeout: 20_000 });
    const state = await page.evaluate(() => ({ flag: window.notReloaded === true, y: window.scrollY }));
    check(!state.flag, 'serve: the open page reloads by itself after an edit');
    check(Math.abs(state.y - 400) < 60, 'serve: the reloaded page keeps its scroll position', `scrollY ${state.y}`);
    fs.writeFileSync(about, aboutText.replace(/^title = /m, 'title = = '));
    await page.waitForSelector('#glossator-errors', { timeout: 20_000 });
    const overlay = await page.locator('#glossator-errors').textContent();
    check(/content\/about\.md:\d+:\d+/.test(overlay), 'serve: a broken file shows the error overlay with its location', overlay);
    check((await page.locator('h1').textContent()).includes('United Nations'), 'serve: the last good page stays under the overlay');
    fs.writeFileSync(about, aboutText);
    await page.waitForFunction(() => !document.getElementById('glossator-errors'), null, { timeout: 20_000 });
    check(true, 'serve: fixing the file clears the overlay');
  } catch (e) {
    check(false, 'serve: live reload and the error overlay can be checked', e.stack || e.message);
  } finally {
    fs.writeFileSync(article, articleText);
    fs.writeFileSync(about, aboutText);
    await context.close();
  }
}

// --- The drawn timeline -------------------------------------------------------

const DRAWING_PAGES = ['/timeline/', '/fr/timeline/'];

/// What the drawn timeline shows a reader: marks, today's line, the
/// pending events, the scroll box, and the contrast of what it paints
/// (axe-core does not measure SVG text and shapes).
async function drawingState(page) {
  return page.evaluate(() => {
    const rgb = (c) => (c.match(/[\d.]+/g) || []).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => {
      const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
      return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
    };
    const ratio = (a, b) => { const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
    const bg = getComputedStyle(document.body).backgroundColor;
    const box = document.querySelector('.drawing-scroll');
    const links = [...document.querySelectorAll('svg.timeline-svg a.tl-event')];
    const xOf = (a) => { const r = a.querySelector('.tl-mark').getBoundingClientRect(); return r.left + r.width / 2; };
    const marks = links.map((a) => ({ id: a.dataset.event, status: [...a.classList].find((c) => c.startsWith('status-')), x: xOf(a) }));
    const today = document.querySelector('.tl-today line')?.getBoundingClientRect().left;
    const contrast = [];
    for (const [selector, least, what] of [['.tl-label', 4.5, 'fill'], ['.tl-year', 4.5, 'fill'], ['.tl-condition', 4.5, 'fill'], ['.tl-today text', 4.5, 'fill'], ['.tl-mark', 3, 'stroke'], ['.tl-axis-line', 3, 'stroke']]) {
      const el = document.querySelector(`svg.timeline-svg ${selector}`);
      if (el) contrast.push({ selector, least, ratio: ratio(getComputedStyle(el)[what], bg) });
    }
    const condition = document.querySelector('a.tl-event.status-pending .tl-condition');
    return {
      marks,
      today,
      separator: document.querySelector('.tl-separator')?.getBoundingClientRect().left,
      contrast,
      conditionShown: !!condition && getComputedStyle(condition).visibility === 'visible' && condition.getBBox().width > 0,
      boxScrolls: box.scrollWidth > box.clientWidth,
      pageScroll: document.documentElement.scrollWidth,
      viewport: window.innerWidth,
    };
  });
}

async function checkDrawing(path) {
  for (const viewport of [NARROW, WIDE]) {
    for (const scheme of ['light', 'dark']) {
      const label = `${path} drawing at ${viewport.width} px (${scheme})`;
      const { context, page, problems } = await open({ viewport, colorScheme: scheme });
      try {
        await goto(page, path);
        const state = await drawingState(page);
        check(state.marks.length > 0, `${label}: marks`);
        check(state.pageScroll <= state.viewport, `${label}: the page does not scroll sideways`, `scrollWidth ${state.pageScroll}`);
        if (viewport === NARROW) check(state.boxScrolls, `${label}: the drawing scrolls inside its box`);
        const dated = state.marks.filter((m) => m.status !== 'status-pending');
        const inOrder = dated.every((m, i) => i === 0 || dated[i - 1].x <= m.x + 0.5);
        check(inOrder, `${label}: marks in date order along the axis`, JSON.stringify(dated));
        const pendingApart = state.marks.filter((m) => m.status === 'status-pending').every((m) => m.x > state.separator && dated.every((d) => d.x < state.separator));
        check(pendingApart, `${label}: pending events apart after the separator`);
        const todayBetween = dated.every((m) => (m.status === 'status-past' ? m.x <= state.today + 0.5 : m.x > state.today));
        check(todayBetween, `${label}: today's line between past and upcoming marks`, `today at ${state.today}: ${JSON.stringify(dated)}`);
        check(state.conditionShown, `${label}: a pending event's condition is shown`);
        for (const c of state.contrast) {
          check(c.ratio >= c.least, `${label}: ${c.selector} contrast ${c.ratio.toFixed(2)} ≥ ${c.least}`);
        }
        const violations = await axe(page, '.timeline-drawing');
        check(violations.length === 0, `${label}: no axe violations in the drawing`, describeViolations(violations));
        // The keyboard: the box, then a mark, whose focus shows.
        await page.focus('.drawing-scroll');
        await page.keyboard.press('Tab');
        const focused = await page.evaluate(() => {
          const a = document.activeElement;
          return { event: a?.dataset?.event, outline: a ? getComputedStyle(a).outlineStyle : '' };
        });
        check(!!focused.event && focused.outline !== 'none', `${label}: Tab reaches a mark, and its focus shows`, JSON.stringify(focused));
        check(problems.length === 0, `${label}: no console errors`, problems.join('\n'));
      } catch (e) {
        check(false, `${label}: can be checked`, e.stack || e.message);
      } finally {
        await context.close();
      }
    }
  }
}

/// The connection maps (issue 21): an entry's and the glossary's, at 360
/// and 1280 px, light and dark. Each label's drawn text stays inside its
/// box and no two boxes overlap (measured as the browser draws them, in
/// its fonts); the nodes are links the keyboard reaches; axe finds
/// nothing in the map; the page does not scroll sideways at 360 px.
async function checkMaps() {
  for (const path of ['/glossary/unodc/', '/glossary/antonio-guterres/', '/glossary/', '/fr/glossary/', '/ar/glossary/unodc/']) {
    for (const viewport of [NARROW, WIDE]) {
      for (const scheme of ['light', 'dark']) {
        const label = `${path} map at ${viewport.width} px (${scheme})`;
        const { context, page, problems } = await open({ viewport, colorScheme: scheme });
        try {
          await goto(page, path);
          const found = await page.evaluate(() => {
            const svg = document.querySelector('svg.connection-map');
            if (!svg) return null;
            const boxes = [...svg.querySelectorAll('.map-node')].map((node) => {
              const rect = node.querySelector('rect').getBoundingClientRect();
              const text = node.querySelector('text').getBoundingClientRect();
              return {
                name: node.querySelector('text').textContent,
                rect: [rect.left, rect.top, rect.right, rect.bottom],
                text: [text.left, text.top, text.right, text.bottom],
              };
            });
            return {
              boxes,
              links: svg.querySelectorAll('a[href]').length,
              scroll: document.documentElement.scrollWidth,
              client: document.documentElement.clientWidth,
            };
          });
          check(found !== null, `${label}: drawn`);
          if (found === null) continue;
          const outside = found.boxes.filter((b) =>
            b.text[0] < b.rect[0] - 0.5 || b.text[2] > b.rect[2] + 0.5 || b.text[1] < b.rect[1] - 0.5 || b.text[3] > b.rect[3] + 0.5);
          check(outside.length === 0, `${label}: every label inside its box`, outside.map((b) => b.name).join(', '));
          const overlaps = [];
          for (let i = 0; i < found.boxes.length; i++) {
            for (let j = i + 1; j < found.boxes.length; j++) {
              const [a, b] = [found.boxes[i].rect, found.boxes[j].rect];
              if (a[0] < b[2] - 0.5 && b[0] < a[2] - 0.5 && a[1] < b[3] - 0.5 && b[1] < a[3] - 0.5) {
                overlaps.push(`${found.boxes[i].name} / ${found.boxes[j].name}`);
              }
            }
          }
          check(overlaps.length === 0, `${label}: no two boxes overlap`, overlaps.join('\n'));
          check(found.links > 0, `${label}: its nodes are links`);
          check(found.scroll <= found.client, `${label}: no horizontal scroll of the page`, `scrollWidth ${found.scroll}px`);
          // The keyboard reaches the map's first link.
          let reached = false;
          for (let i = 0; i < 400 && !reached; i++) {
            await page.keyboard.press('Tab');
            reached = await page.evaluate(() => !!document.activeElement?.closest?.('svg.connection-map'));
          }
          check(reached, `${label}: Tab reaches its links`);
          const violations = await axe(page, '.connections');
          check(violations.length === 0, `${label}: no axe violations`, describeViolations(violations));
          check(problems.length === 0, `${label}: no console errors`, problems.join('\n'));
        } catch (e) {
          check(false, `${label}: can be checked`, e.stack || e.message);
        } finally {
          await context.close();
        }
      }
    }
  }
}

// The hover cards' data: shared script files (cards/<n>.js), none loaded
// with the page; the first hover or focus of a mention loads its entry's
// file, once, and the card shows from it. From the disk too, where a
// fetch would be refused.
async function checkCardFiles() {
  const { context, page, problems } = await open();
  try {
    const loaded = [];
    page.on('request', (r) => { if (/\/cards\/\d+\.js$/.test(r.url())) loaded.push(r.url()); });
    await goto(page, '/article/');
    check(loaded.length === 0, '/article/: no card file is loaded with the page', loaded.join('\n'));
    const first = page.locator(MENTION).first();
    await first.focus();
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    const title = (await cardState(page)).text;
    check(loaded.length === 1, '/article/: focusing a mention loads one card file', loaded.join('\n'));
    await page.keyboard.press('Escape');
    await first.focus();
    check(loaded.length === 1, '/article/: the same card again loads nothing more', loaded.join('\n'));
    check(problems.length === 0, '/article/ card files: no console errors, page errors or failed requests', problems.join('\n'));

    const file = (p) => new URL(`file://${outputDir.replace(/\/$/, '')}/${p}`).href;
    await page.goto(file('article/index.html'), { waitUntil: 'load', timeout: TIMEOUT_MS });
    await page.locator(MENTION).first().focus();
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    const fromDisk = await cardState(page);
    check(fromDisk.visible && fromDisk.text === title && title !== '', 'file://: a mention\'s card shows from the card files on the disk', JSON.stringify({ fromDisk, title }));
  } catch (e) {
    check(false, 'card files: can be checked', e.stack || e.message);
  } finally {
    await context.close();
  }
}

const started = Date.now();
try {
  if (liveArg && liveSite) await checkLiveReload();
  await checkFromDisk();
  for (const path of PAGES) await checkPage(path);
  for (const path of DRAWING_PAGES) await checkDrawing(path);
  await checkMentionCard();
  await checkCardFiles();
  await checkMaps();
  for (const path of CITING_PAGES) await checkCitations(path);
  await checkOtherScripts();
  await checkThemeToggle();
  await checkSearch();
  for (const path of NOTE_PAGES) await checkNotes(path);
  for (const path of NOTE_PAGES) await checkNotesWithoutScript(path);
  await checkPrint();
} finally {
  await browser.close();
}
console.log(`-- browser checks: ${((Date.now() - started) / 1000).toFixed(1)} s`);

const { code, out } = await vnu;
check(code === 0, `Nu HTML Checker: no errors in ${outputDir}`, out || `exit status ${code}`);

clearTimeout(watchdog);
if (failures.length > 0) {
  console.log(`\n${failures.length} check${failures.length > 1 ? 's' : ''} failed:\n${failures.map((f) => `- ${f}`).join('\n')}`);
  process.exit(1);
}
console.log('\nall browser checks passed');
