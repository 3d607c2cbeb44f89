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
// `/long-words/` is written by tests/cli/browser.rs into its copy of the
// site: a long URL, autolink, inline code and word, which must wrap at 360 px.
const PAGES = ['/', '/article/', '/glossary/', '/glossary/unodc/', '/timeline/', '/search/', '/long-words/'];
const NARROW = { width: 360, height: 740 };
const WIDE = { width: 1280, height: 800 };
const TIMEOUT_MS = 5_000; // per action or navigation
const CARD_WAIT_MS = 1_500; // for the card to show or hide
const WATCHDOG_MS = 180_000; // the whole run

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
    // The card stays inside a narrow screen.
    await page.setViewportSize(NARROW);
    await page.focus(MENTION);
    await page.waitForSelector(`${CARD}:not([hidden])`, { state: 'visible', timeout: CARD_WAIT_MS }).catch(() => {});
    const fits = await page.evaluate((selector) => {
      const card = document.querySelector(selector);
      if (!card || card.hidden) return 'no visible card';
      const box = card.getBoundingClientRect();
      const width = document.documentElement.clientWidth;
      return box.left >= 0 && box.right <= width ? true : `card spans ${Math.round(box.left)}–${Math.round(box.right)}px of ${width}px`;
    }, CARD);
    check(fits === true, `/article/: at ${NARROW.width}px the card stays on screen`, fits);
    check(problems.length === 0, '/article/ cards: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, '/article/: mention cards can be checked', e.stack || e.message);
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
      })),
    );
    const entry = results.find((r) => r.href.endsWith('/glossary/unodc/'));
    check(Boolean(entry), 'search: "drugs crime" finds the UNODC entry', JSON.stringify(results, null, 1));
    check(entry && entry.kind === 'entry', 'search: the UNODC result is marked as an entry', JSON.stringify(entry));
    // A prefix of the last word is enough, and events are found too.
    await goto(page, '/search/?q=hano');
    await page.waitForSelector('#search-results li', { timeout: TIMEOUT_MS });
    const kinds = await page.$$eval('#search-results .result-kind', (k) => k.map((e) => e.textContent));
    check(kinds.includes('event') && kinds.includes('entry'), 'search: "hano" finds entries and events', JSON.stringify(kinds));
    check((await axe(page)).length === 0, 'search: the results page has no axe violations');
    check(problems.length === 0, 'search: no console errors, page errors or failed requests', problems.join('\n'));
  } catch (e) {
    check(false, 'search can be checked', e.stack || e.message);
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

const started = Date.now();
try {
  if (liveArg && liveSite) await checkLiveReload();
  await checkFromDisk();
  for (const path of PAGES) await checkPage(path);
  await checkMentionCard();
  await checkThemeToggle();
  await checkSearch();
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
