// Browser end-to-end checks for the built app (dist/), in headless Chromium through playwright-core.
//
//   APP_URL=http://127.0.0.1:8080/ node tests/e2e/e2e.mjs [name-filter]
//
// `./dev.sh test` serves dist/ and runs this. Each check gets a fresh browser context (no shared storage),
// waits on conditions only (never fixed sleeps), and fails on any console error or uncaught page error.
// Output: `ok - name` / `not ok - name: reason`, then a final `N passed, M failed`; exit code 1 on any failure.
// Screenshots per viewport and color scheme go to tests/e2e/artifacts/ (gitignored) for a person to look at.
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';
const FILTER = process.argv[2] ?? '';
const ARTIFACTS = fileURLToPath(new URL('./artifacts/', import.meta.url));
const LOAD_MS = 10_000; // first render: fetch + compile the wasm on a busy 2-core machine
const UPDATE_MS = 2_000; // the contract: an edit shows in #objects / #diagnostics within 2 s
const CHECK_MS = 30_000; // hard stop for one check

const checks = [];
// A named check; `contextOptions` (viewport, colorScheme, …) go to the fresh browser context it runs in.
const check = (name, fn, contextOptions = {}) => checks.push({ name, fn, contextOptions });

// ---- helpers ---------------------------------------------------------------------------------------

class CheckFailure extends Error {}
const fail = (reason) => { throw new CheckFailure(reason); };

// Waits until `pred(arg)` is truthy in the page; on timeout fails with `explain(arg)`, also run in the page.
async function waitUntil(page, what, pred, explain, arg, timeout = UPDATE_MS) {
  try {
    await page.waitForFunction(pred, arg, { timeout, polling: 'raf' });
  } catch (e) {
    if (e?.name !== 'TimeoutError') throw e;
    const state = await page.evaluate(explain, arg).catch((err) => `(could not read the page: ${err.message})`);
    fail(`timed out after ${timeout} ms waiting for ${what}; ${state}`);
  }
}

// Page-side helpers, installed in every page before the app's scripts run (see runCheck).
// __e2e.items(sel): the normalised text of every `li` under `sel`, or null when `sel` is missing.
const PAGE_HELPERS = () => {
  globalThis.__e2e = {
    items(sel) {
      const el = document.querySelector(sel);
      return el ? [...el.querySelectorAll('li')].map((li) => li.textContent.replace(/\s+/g, ' ').trim()) : null;
    },
  };
};
const itemsOf = (page, sel) => page.evaluate((s) => __e2e.items(s), sel);
const describeItems = (sel) => {
  const items = __e2e.items(sel);
  return items === null ? `${sel} is missing` : `${sel} has ${items.length} item(s): ${JSON.stringify(items)}`;
};

// The objects the seed scenario defines, as #objects shows them.
const SEED_OBJECTS = [
  'Service default/test-headful',
  'Service default/test-headless',
  'Pod default/test-1',
  'Pod default/test-2',
  'Pod default/test-3',
];

// The app has mounted once its h1 is there; the first render is the slow part (fetching and compiling the wasm).
async function waitForApp(page) {
  await waitUntil(page, 'the app to render an h1', () => !!document.querySelector('h1'),
    () => `body: ${JSON.stringify(document.body.innerHTML.slice(0, 200))}`, undefined, LOAD_MS);
}

// Waits for the seed scenario in #yaml and returns its text.
async function waitForSeed(page) {
  await waitForApp(page);
  await waitUntil(page, 'a #yaml <textarea> with the seed scenario',
    () => {
      const t = document.querySelector('#yaml');
      return t instanceof HTMLTextAreaElement && t.value.includes('name: test-headless') && t.value.includes('clusterIP: None');
    },
    () => {
      const t = document.querySelector('#yaml');
      if (!t) return '#yaml is missing';
      if (!(t instanceof HTMLTextAreaElement)) return `#yaml is a <${t.tagName.toLowerCase()}>, not a <textarea>`;
      return `#yaml holds ${JSON.stringify(t.value.slice(0, 120))}…`;
    });
  return page.locator('#yaml').inputValue();
}

async function objectsInclude(page, what, names, timeout = UPDATE_MS) {
  await waitUntil(page, what,
    (wanted) => {
      const items = __e2e.items('#objects');
      return items !== null && wanted.every((w) => items.some((t) => t.includes(w)));
    },
    (wanted) => {
      const items = __e2e.items('#objects');
      if (items === null) return '#objects is missing';
      const missing = wanted.filter((w) => !items.some((t) => t.includes(w)));
      return `missing ${JSON.stringify(missing)}; #objects has ${JSON.stringify(items)}`;
    }, names, timeout);
}

// Waits for the seed in #yaml and its objects in #objects (the app has parsed it); returns the seed text.
async function waitForSeedParsed(page) {
  const seed = await waitForSeed(page);
  await objectsInclude(page, '#objects listing the seed objects', SEED_OBJECTS);
  return seed;
}

const countItems = (page, sel) => page.locator(`${sel} li`).count();

// ---- checks ----------------------------------------------------------------------------------------

check('h1 says "Headless Services Playground"', async ({ page }) => {
  await waitForApp(page);
  await waitUntil(page, 'an h1 containing "Headless Services Playground"',
    () => [...document.querySelectorAll('h1')].some((h) => h.textContent.includes('Headless Services Playground')),
    () => `h1 texts: ${JSON.stringify([...document.querySelectorAll('h1')].map((h) => h.textContent))}`);
});

check('#yaml is a <textarea> holding the seed scenario', async ({ page }) => {
  await waitForSeed(page);
});

check('#objects lists the 5 seed objects, one li each', async ({ page }) => {
  await waitForSeedParsed(page);
  const n = await countItems(page, '#objects');
  if (n !== SEED_OBJECTS.length) fail(`expected ${SEED_OBJECTS.length} items, found ${n}: ${JSON.stringify(await itemsOf(page, '#objects'))}`);
});

check('#diagnostics is present and empty for the seed', async ({ page }) => {
  // The seed is parsed once #objects shows it; only then is an empty #diagnostics meaningful.
  await waitForSeedParsed(page);
  await waitUntil(page, '#diagnostics', () => !!document.querySelector('#diagnostics'), () => '#diagnostics is missing');
  const items = await itemsOf(page, '#diagnostics');
  if (items.length) fail(`expected no items, found ${JSON.stringify(items)}`);
});

check('fill: appending a Service "extra" adds an #objects item within 2 s', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const before = await countItems(page, '#objects');
  const extra = [
    '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: extra', 'spec:',
    '  selector:', '    app: test', '  ports:', '  - name: http', '    port: 80', '',
  ].join('\n');
  await page.locator('#yaml').fill(`${seed.replace(/\n*$/, '\n')}${extra}`);
  await objectsInclude(page, '#objects showing Service default/extra', ['Service default/extra']);
  const after = await countItems(page, '#objects');
  if (after !== before + 1) fail(`expected ${before + 1} items after the edit, found ${after}`);
});

check('typing: pressSequentially at the end renames the new Service within 2 s', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  // The name is the document's last line, so typed characters extend it.
  const doc = ['---', 'apiVersion: v1', 'kind: Service', 'spec:', '  ports:', '  - port: 80', 'metadata:', '  name: typ'].join('\n');
  const yaml = page.locator('#yaml');
  await yaml.fill(`${seed.replace(/\n*$/, '\n')}${doc}`);
  await objectsInclude(page, '#objects showing Service default/typ', ['Service default/typ']);
  await yaml.focus();
  await yaml.evaluate((t) => t.setSelectionRange(t.value.length, t.value.length));
  await yaml.pressSequentially('ed', { delay: 20 });
  await waitUntil(page, '#objects showing Service default/typed and no longer default/typ',
    () => {
      const items = __e2e.items('#objects') ?? [];
      return items.some((t) => t.includes('Service default/typed'))
        && !items.some((t) => /Service default\/typ(?!ed)/.test(t));
    },
    describeItems, '#objects', UPDATE_MS);
});

check('typo clusterIp: #diagnostics warns about clusterIP at that line within 2 s', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const typo = seed.replace('clusterIP: None', 'clusterIp: None');
  const line = typo.split('\n').findIndex((l) => l.includes('clusterIp: None')) + 1;
  await page.locator('#yaml').fill(typo);
  await waitUntil(page, `a #diagnostics item with data-line="${line}" mentioning clusterIP`,
    (ln) => [...document.querySelectorAll('#diagnostics li')]
      .some((li) => li.getAttribute('data-line') === String(ln) && li.textContent.includes('clusterIP')),
    () => `#diagnostics items: ${JSON.stringify([...document.querySelectorAll('#diagnostics li')]
      .map((li) => ({ 'data-line': li.getAttribute('data-line'), text: li.textContent.replace(/\s+/g, ' ').trim() })))}`,
    line);
});

check('fixing the typo empties #diagnostics again within 2 s', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const yaml = page.locator('#yaml');
  await yaml.fill(seed.replace('clusterIP: None', 'clusterIp: None'));
  await waitUntil(page, 'a #diagnostics item for the typo',
    () => document.querySelectorAll('#diagnostics li').length > 0, describeItems, '#diagnostics');
  await yaml.fill(seed);
  await waitUntil(page, 'an empty #diagnostics',
    () => !!document.querySelector('#diagnostics') && document.querySelectorAll('#diagnostics li').length === 0,
    describeItems, '#diagnostics');
});

const VIEWPORTS = [
  ['desktop', { width: 1280, height: 800 }],
  ['phone', { width: 390, height: 844 }],
];
for (const [vp, viewport] of VIEWPORTS) {
  for (const colorScheme of ['light', 'dark']) {
    check(`screenshot ${vp} ${viewport.width}x${viewport.height} ${colorScheme}`, async ({ page }) => {
      await waitForApp(page);
      await page.evaluate(() => document.fonts.ready);
      const path = `${ARTIFACTS}${vp}-${colorScheme}.png`;
      await page.screenshot({ path, fullPage: true });
    }, { viewport, colorScheme, isMobile: vp === 'phone', hasTouch: vp === 'phone' });
  }
}

// ---- runner ----------------------------------------------------------------------------------------

const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

async function runCheck(browser, { name, fn, contextOptions }) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, ...contextOptions });
  const errors = [];
  try {
    await context.addInitScript(PAGE_HELPERS);
    const page = await context.newPage();
    page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
    page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
    const resp = await page.goto(APP_URL, { waitUntil: 'load' });
    if (!resp || !resp.ok()) fail(`GET ${APP_URL} gave ${resp ? resp.status() : 'no response'}`);
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`still running after ${CHECK_MS} ms`)), CHECK_MS);
    });
    await Promise.race([fn({ page, context }), deadline]).finally(() => clearTimeout(timer));
  } catch (e) {
    // Console and page errors explain most failures: report them with the failure.
    if (errors.length) e.message += ` (also: ${errors.join('; ')})`;
    throw e;
  } finally {
    await context.close().catch(() => {});
  }
  if (errors.length) fail(errors.join('; '));
}

mkdirSync(ARTIFACTS, { recursive: true });
let passed = 0;
let failed = 0;
let browser;
try {
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS });
} catch (e) {
  console.log(`not ok - launch /usr/bin/chromium: ${e.message.split('\n')[0]}`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const selected = checks.filter((c) => c.name.includes(FILTER));
if (!selected.length) {
  failed++;
  console.log(`not ok - select checks: none has "${FILTER}" in its name`);
}
for (const c of selected) {
  try {
    await runCheck(browser, c);
    passed++;
    console.log(`ok - ${c.name}`);
  } catch (e) {
    failed++;
    const reason = e instanceof CheckFailure ? e.message : `${e.name}: ${e.message.split('\n')[0]}`;
    console.log(`not ok - ${c.name}: ${reason}`);
  }
}
await browser.close();
console.log(`screenshots: ${ARTIFACTS}`);
console.log(`${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
