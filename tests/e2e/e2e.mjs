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

// ---- the DNS console -------------------------------------------------------------------------------

const OUTPUT_MS = 8_000; // a run reveals its queries step by step (a few hundred ms each)

// The IP the #pods table shows for `ns/name`.
async function podIp(page, pod) {
  await waitUntil(page, `#pods listing ${pod} with an IP`,
    (p) => [...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.cells[0]?.textContent.trim() === p
      && /^\d+\.\d+\.\d+\.\d+$/.test(tr.cells[1]?.textContent.trim() ?? '')),
    () => `#pods rows: ${JSON.stringify([...document.querySelectorAll('#pods tbody tr')].map((tr) => tr.textContent.trim()))}`,
    pod, LOAD_MS);
  return page.evaluate((p) => [...document.querySelectorAll('#pods tbody tr')]
    .find((tr) => tr.cells[0].textContent.trim() === p).cells[1].textContent.trim(), pod);
}

// Types `cmd` into #dig-input, submits it, and waits for finished output containing every `wanted`
// string and none of `unwanted`; returns the output text.
async function runInConsole(page, cmd, wanted, unwanted = [], submit = 'click') {
  const input = page.locator('#dig-input');
  await input.fill(cmd);
  if (submit === 'click') await page.locator('#dig-run').click();
  else await input.press(submit);
  await waitUntil(page, `#dig-output for "${cmd}" with ${JSON.stringify(wanted)}${unwanted.length ? ` and without ${JSON.stringify(unwanted)}` : ''}`,
    ({ c, w, u }) => {
      const out = document.querySelector('#dig-output:not(.pending)');
      const typed = document.querySelector('#dig-input')?.value;
      return !!out && typed === c && w.every((x) => out.textContent.includes(x)) && !u.some((x) => out.textContent.includes(x));
    },
    () => `#dig-output: ${JSON.stringify(document.querySelector('#dig-output')?.textContent.slice(0, 600) ?? '(missing)')}`,
    { c: cmd, w: wanted, u: unwanted }, OUTPUT_MS);
  return page.locator('#dig-output').textContent();
}

check('console: dig of the headless Service answers every pod IP shown in #pods (timed)', async ({ page }) => {
  const t0 = Date.now();
  await waitForSeedParsed(page);
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  const text = await runInConsole(page, 'dig test-headless.default.svc.cluster.local',
    [';; ANSWER SECTION:', 'status: NOERROR', 'ANSWER: 3,', ';; SERVER: 10.96.0.10#53(10.96.0.10) (UDP)', ...ips]);
  console.log(`    timing: navigation to first typed dig answer: ${Date.now() - t0} ms`);
  if (!text.includes('flags: qr aa rd;')) fail(`no "flags: qr aa rd;" in ${JSON.stringify(text.slice(0, 300))}`);
  await waitUntil(page, 'the #explain steps naming the headless Service',
    () => (document.querySelector('#explain')?.textContent ?? '').includes('headless'),
    () => `#explain: ${JSON.stringify(document.querySelector('#explain')?.textContent.slice(0, 300) ?? '(missing)')}`);
});

check('console: the ClusterIP Service answers one address, with Enter and nslookup too', async ({ page }) => {
  await waitForSeedParsed(page);
  const text = await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,', ';; ANSWER SECTION:'], [], 'Enter');
  const m = text.match(/^test-headful\.default\.svc\.cluster\.local\.\s+30\s+IN\s+A\s+(10\.\d+\.\d+\.\d+)$/m);
  if (!m) fail(`no A record line for test-headful in ${JSON.stringify(text)}`);
  const vip = m[1];
  await runInConsole(page, 'nslookup test-headful', ['Server:', '10.96.0.10#53', 'Name:', 'test-headful.default.svc.cluster.local', `Address: ${vip}`]);
  await runInConsole(page, 'host test-headless.default.svc.cluster.local', ['test-headless.default.svc.cluster.local has address ']);
});

check('break it: a pod marked not ready leaves the headless answer, the ClusterIP one stays', async ({ page }) => {
  await waitForSeedParsed(page);
  const ip2 = await podIp(page, 'default/test-2');
  const ip1 = await podIp(page, 'default/test-1');
  await runInConsole(page, 'dig +short test-headless.default.svc.cluster.local', [ip1, ip2]);
  await page.getByLabel('test-2 is ready').uncheck();
  await runInConsole(page, 'dig +short test-headless.default.svc.cluster.local', [ip1], [ip2]);
  await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,', 'status: NOERROR']);
});

check('timing: a 1 MB kubectl List pasted into #yaml is listed in #objects', async ({ page }) => {
  await waitForSeedParsed(page);
  const items = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const item = [
      '- apiVersion: v1', '  kind: Service', '  metadata:',
      '    annotations:', `      kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Service","metadata":{"name":"svc-${i}"}}'`,
      '    creationTimestamp: "2026-11-20T09:14:03Z"', `    name: svc-${i}`, `    namespace: default`,
      `    resourceVersion: "${40000 + i}"`, `    uid: 5b0e4c1e-8f5f-4d2a-9d0b-${String(i).padStart(12, '0')}`,
      '  spec:', '    clusterIP: None', '    ports:', '    - name: http', '      port: 80', '      protocol: TCP',
      '      targetPort: 80', '    selector:', `      app: app-${i}`, '    type: ClusterIP', '  status:', '    loadBalancer: {}',
    ].join('\n');
    items.push(item);
    size += item.length + 1;
  }
  const list = `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
  const last = `Service default/svc-${items.length - 1}`;
  const t0 = Date.now();
  // One input event with the whole text, as a paste gives (Playwright's fill() is far slower than a paste).
  await page.evaluate((v) => {
    const t = document.querySelector('#yaml');
    t.value = v;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, list);
  await objectsInclude(page, `#objects listing ${last}`, [last], 20_000);
  console.log(`    timing: ${(list.length / 1e6).toFixed(2)} MB List pasted to #objects updated: ${Date.now() - t0} ms`);
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
