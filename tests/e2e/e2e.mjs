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
  // The diagram's step list (its text twin): captions, outcomes, the current step, the readout.
  globalThis.__twin = () => {
    const items = [...document.querySelectorAll('.twin-steps li')];
    return {
      captions: items.map((li) => li.querySelector('.twin-seek')?.textContent ?? ''),
      outcomes: items.map((li) => li.dataset.outcome),
      current: items.findIndex((li) => li.getAttribute('aria-current') === 'step'),
      readout: document.querySelector('.player > .controls-row .readout')?.textContent ?? '',
    };
  };
  globalThis.__e2e = {
    // The parameters a share link carries, as a key → decoded value map: formats 2 and 3's packed
    // state (`s`) and format 3's packed manifests (`y`, as `yaml`) unpacked with the browser's own
    // raw-deflate decoder (an independent check of the format), format 1's read directly. A `+`
    // stays a plus.
    async linkParams(hash = location.hash) {
      const inflate = async (b64url) => {
        let b64 = b64url.replace(/-/g, '+').replace(/_/g, '/');
        while (b64.length % 4) b64 += '=';
        const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
        return new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('deflate-raw'))).text();
      };
      const parts = hash.replace(/^#/, '').split('&').filter(Boolean);
      const packed = parts.find((p) => p.startsWith('s='));
      const yaml = parts.find((p) => p.startsWith('y='));
      let list = parts.filter((p) => !p.startsWith('s=') && !p.startsWith('y='));
      if (packed) list = [...(await inflate(packed.slice(2))).split('&'), ...list];
      const map = {};
      for (const kv of list) {
        const i = kv.indexOf('=');
        if (i > 0) map[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
      }
      if (yaml) map.yaml = await inflate(yaml.slice(2));
      return map;
    },
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

const OUTPUT_MS = 10_000; // the answer shows once the animation reaches CoreDNS's verdict (a few s for a search walk)

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
      const typed = document.querySelector('#dig-output')?.dataset.command;
      return !!out && typed === c && w.every((x) => out.textContent.includes(x)) && !u.some((x) => out.textContent.includes(x));
    },
    () => `#dig-output: ${JSON.stringify(document.querySelector('#dig-output')?.textContent.slice(0, 600) ?? '(missing)')}`,
    { c: cmd, w: wanted, u: unwanted }, OUTPUT_MS);
  return page.locator('#dig-output').textContent();
}

check('start-up: the static shell shows the title and the panes while the wasm loads, then the app replaces it', async ({ context, watch }) => {
  // Hold the wasm back, as a slow network would, until the shell has been looked at.
  let release;
  const held = new Promise((r) => { release = r; });
  await context.route(/_bg\.wasm$/, async (route) => { await held; await route.continue(); });
  const page = watch(await context.newPage());
  await page.goto(APP_URL, { waitUntil: 'domcontentloaded' });
  const title = page.getByRole('heading', { level: 1, name: 'Headless Services Playground' });
  await title.waitFor({ timeout: LOAD_MS });
  for (const pane of ['Manifests', 'Ask DNS']) {
    if (await page.getByRole('region', { name: pane }).count() !== 1) fail(`the shell has no ${pane} pane`);
  }
  if (await page.locator('#yaml').count() !== 0) fail('the editor exists before the wasm has loaded');
  release();
  await page.locator('#yaml').waitFor({ timeout: LOAD_MS });
  if (await page.locator('#shell').count() !== 0) fail('the shell is still in the page after the app mounted');
  if (await title.count() !== 1) fail(`${await title.count()} top-level headings after mounting`);
  const phases = await page.evaluate(() => ['hsp:wasm-ready', 'hsp:first-render'].map((n) => performance.getEntriesByName(n).length));
  if (phases.join() !== '1,1') fail(`User Timing start-up measures: ${phases}`);
});

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

// ---- more user flows: console, break it, scenarios, share links, theme, keyboard -------------------

// Every #pods row as { pod: 'ns/name', ip, ready }.
const podRows = (page) => page.evaluate(() => [...document.querySelectorAll('#pods tbody tr')].map((tr) => ({
  pod: tr.cells[0]?.textContent.trim(),
  ip: tr.cells[1]?.textContent.trim(),
  ready: !!tr.querySelector('input[type=checkbox]')?.checked,
})));

// The ClusterIP a Service shows in #services (its badge), read from the page.
async function serviceVip(page, fqdn) {
  await waitUntil(page, `#services showing ${fqdn} with a cluster IP`,
    (f) => [...document.querySelectorAll('#services .svc')].some((li) => li.querySelector('.obj-name')?.textContent.trim() === f
      && /^\d+\.\d+\.\d+\.\d+$/.test(li.querySelector('.badge')?.textContent.trim() ?? '')),
    () => `#services: ${JSON.stringify([...document.querySelectorAll('#services .svc')].map((li) => li.textContent.trim()))}`,
    fqdn);
  return page.evaluate((f) => [...document.querySelectorAll('#services .svc')]
    .find((li) => li.querySelector('.obj-name').textContent.trim() === f).querySelector('.badge').textContent.trim(), fqdn);
}

// Where the #yaml cursor is: { focused, line (1-based, of the selection start), selected text }.
const editorCursor = (page) => page.evaluate(() => {
  const t = document.querySelector('#yaml');
  return {
    focused: document.activeElement === t,
    line: t.value.slice(0, t.selectionStart).split('\n').length,
    selected: t.value.slice(t.selectionStart, t.selectionEnd),
  };
});

// Waits for #yaml to hold the focus with its selection on `line`.
async function editorAtLine(page, line) {
  await waitUntil(page, `#yaml focused with its selection on line ${line}`,
    (ln) => {
      const t = document.querySelector('#yaml');
      return document.activeElement === t && t.value.slice(0, t.selectionStart).split('\n').length === ln;
    },
    () => {
      const t = document.querySelector('#yaml');
      return `active element: ${document.activeElement?.id || document.activeElement?.tagName}; selection starts on line ${t.value.slice(0, t.selectionStart).split('\n').length}`;
    }, line);
}

// The dig message ID (`id: 12345`) of the output, to tell two runs of the same command apart.
const digId = (text) => text.match(/id: (\d+)/)?.[1];

check('console: dig +search short name via #dig-run, a typed FQDN via Ctrl+Enter in the input', async ({ page }) => {
  await waitForSeedParsed(page);
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  await runInConsole(page, 'dig +search test-headless',
    [';; ANSWER SECTION:', 'ANSWER: 3,', 'test-headless.default.svc.cluster.local.', ...ips]);
  const vip = await serviceVip(page, 'test-headful.default.svc.cluster.local');
  // Ctrl+Enter in the input runs what is typed there (not the previous command).
  const text = await runInConsole(page, 'dig test-headful.default.svc.cluster.local',
    [';; ANSWER SECTION:', 'ANSWER: 1,', vip], ips, 'Control+Enter');
  if (!new RegExp(`^test-headful\\.default\\.svc\\.cluster\\.local\\.\\s+30\\s+IN\\s+A\\s+${vip.replace(/\./g, '\\.')}$`, 'm').test(text)) {
    fail(`no A record line with the VIP ${vip} in ${JSON.stringify(text)}`);
  }
});

check('console: Ctrl+Enter from the editor re-runs the last command (new message id)', async ({ page }) => {
  await waitForSeedParsed(page);
  const first = await runInConsole(page, 'dig test-headless.default.svc.cluster.local', [';; ANSWER SECTION:']);
  const id = digId(first);
  if (!id) fail(`no message id in ${JSON.stringify(first.slice(0, 200))}`);
  await page.locator('#yaml').focus();
  const before = await page.locator('#yaml').inputValue();
  await page.keyboard.press('Control+Enter');
  await waitUntil(page, `#dig-output re-run with an id other than ${id}`,
    (old) => {
      const out = document.querySelector('#dig-output:not(.pending)');
      const m = out?.textContent.match(/id: (\d+)/);
      return !!m && m[1] !== old && out.textContent.includes(';; ANSWER SECTION:');
    },
    () => `#dig-output: ${JSON.stringify(document.querySelector('#dig-output')?.textContent.slice(0, 300))}`, id, OUTPUT_MS);
  if ((await page.locator('#yaml').inputValue()) !== before) fail('Ctrl+Enter in the editor changed the YAML');
});

check('console: nslookup and host answer with the IPs shown on the page', async ({ page }) => {
  await waitForSeedParsed(page);
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  const vip = await serviceVip(page, 'test-headful.default.svc.cluster.local');
  await runInConsole(page, 'nslookup test-headless',
    ['Server:\t\t10.96.0.10', 'Name:\ttest-headless.default.svc.cluster.local', ...ips.map((ip) => `Address: ${ip}`)]);
  await runInConsole(page, 'nslookup test-headful', [`Address: ${vip}`], ips.map((ip) => `Address: ${ip}`));
  await runInConsole(page, 'host test-headful', [`test-headful.default.svc.cluster.local has address ${vip}`]);
  await runInConsole(page, 'host test-headless.default.svc.cluster.local',
    ips.map((ip) => `test-headless.default.svc.cluster.local has address ${ip}`));
  await runInConsole(page, 'host no-such-service.default.svc.cluster.local', ['not found: 3(NXDOMAIN)']);
});

check('break it: untick a pod, re-run the headless query (its IP gone, ClusterIP still answers), tick it back', async ({ page }) => {
  await waitForSeedParsed(page);
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  const vip = await serviceVip(page, 'test-headful.default.svc.cluster.local');
  await runInConsole(page, 'dig +search test-headless', ['ANSWER: 3,', ...ips]);
  await page.locator('#pods').getByLabel('test-3 is ready').uncheck();
  await runInConsole(page, 'dig +search test-headless', ['ANSWER: 2,', ips[0], ips[1]], [ips[2]]);
  await runInConsole(page, 'dig +search test-headful', ['ANSWER: 1,', vip]);
  const row = (await podRows(page)).find((r) => r.pod === 'default/test-3');
  if (!row || row.ready) fail(`#pods row for test-3 should show not ready: ${JSON.stringify(row)}`);
  await page.locator('#pods').getByLabel('test-3 is ready').check();
  await runInConsole(page, 'dig +search test-headless', ['ANSWER: 3,', ...ips]);
});

check('break it: deleting a bare pod drops its row and its IP from the headless answer', async ({ page }) => {
  await waitForSeedParsed(page);
  const ip2 = await podIp(page, 'default/test-2');
  const ip1 = await podIp(page, 'default/test-1');
  await runInConsole(page, 'dig +search +short test-headless', [ip1, ip2]);
  await page.getByRole('button', { name: 'Delete pod test-2' }).click();
  await waitUntil(page, '#pods without default/test-2',
    () => ![...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.cells[0].textContent.trim() === 'default/test-2'),
    () => `#pods rows: ${JSON.stringify([...document.querySelectorAll('#pods tbody tr')].map((tr) => tr.cells[0].textContent.trim()))}`);
  // The console re-runs its command against the changed cluster by itself.
  await waitUntil(page, `#dig-output listing ${ip1} but not ${ip2}`,
    ({ a, b }) => {
      const t = document.querySelector('#dig-output:not(.pending)')?.textContent ?? '';
      return t.includes(a) && !t.includes(b);
    },
    () => `#dig-output: ${JSON.stringify(document.querySelector('#dig-output')?.textContent)}`, { a: ip1, b: ip2 }, OUTPUT_MS);
  await waitUntil(page, 'an "Undo pod changes" button', () => [...document.querySelectorAll('button')].some((b) => b.textContent.includes('Undo pod changes')),
    () => 'no "Undo pod changes" button');
  await page.getByRole('button', { name: 'Undo pod changes' }).click();
  if ((await podIp(page, 'default/test-2')) !== ip2) fail('undo did not bring test-2 back with its IP');
});

check('break it: StatefulSet scenario, scale up and down, delete a pod (replaced, new IP)', async ({ page }) => {
  await waitForSeedParsed(page);
  await page.locator('#preset').selectOption('statefulset-headful');
  await objectsInclude(page, '#objects listing StatefulSet default/test', ['StatefulSet default/test', 'Service default/test-headful']);
  const ip0 = await podIp(page, 'default/test-0');
  await runInConsole(page, 'dig +search +short test-0.test-headful', [ip0]);
  await page.getByRole('button', { name: 'Scale test up' }).click();
  const ip3 = await podIp(page, 'default/test-3');
  await runInConsole(page, 'dig +search test-3.test-headful', ['status: NOERROR', 'test-3.test-headful.default.svc.cluster.local.', ip3]);
  await page.getByRole('button', { name: 'Scale test down' }).click();
  await page.getByRole('button', { name: 'Scale test down' }).click();
  await waitUntil(page, '#pods with test-0 and test-1 only',
    () => JSON.stringify([...document.querySelectorAll('#pods tbody tr')].map((tr) => tr.cells[0].textContent.trim()))
      === JSON.stringify(['default/test-0', 'default/test-1']),
    () => `#pods rows: ${JSON.stringify([...document.querySelectorAll('#pods tbody tr')].map((tr) => tr.cells[0].textContent.trim()))}`);
  await runInConsole(page, 'dig +search test-2.test-headful', ['status: NXDOMAIN']);
  const ip1 = await podIp(page, 'default/test-1');
  await page.getByRole('button', { name: 'Delete pod test-1' }).click();
  await waitUntil(page, `#pods showing default/test-1 again with an IP other than ${ip1}`,
    (old) => [...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.cells[0].textContent.trim() === 'default/test-1'
      && /^\d+\.\d+\.\d+\.\d+$/.test(tr.cells[1].textContent.trim()) && tr.cells[1].textContent.trim() !== old),
    () => `#pods rows: ${JSON.stringify([...document.querySelectorAll('#pods tbody tr')].map((tr) => tr.textContent.trim()))}`, ip1);
  const fresh = await podIp(page, 'default/test-1');
  await runInConsole(page, 'dig +search +short test-1.test-headful', [fresh], [ip1]);
});

check('scenario switch to Kafka, then the client pod: answers follow the pod\'s namespace', async ({ page }) => {
  await waitForSeedParsed(page);
  await page.locator('#preset').selectOption('kafka');
  await objectsInclude(page, '#objects listing the Kafka objects', ['Namespace kafka', 'Service kafka/kafka-hs', 'StatefulSet kafka/kafka']);
  const ip0 = await podIp(page, 'kafka/kafka-0');
  await waitUntil(page, 'the terminal running the scenario\'s first command and #dig-output its answer',
    (ip) => document.querySelector('#dig-output')?.dataset.command === 'dig +search +short kafka-0.kafka-hs.kafka'
      && (document.querySelector('#dig-output:not(.pending)')?.textContent ?? '').includes(ip),
    () => `#dig-input ${JSON.stringify(document.querySelector('#dig-output')?.dataset.command)}, #dig-output ${JSON.stringify(document.querySelector('#dig-output')?.textContent)}`,
    ip0, OUTPUT_MS);
  // From default/dnsutils the short name needs its namespace.
  await runInConsole(page, 'dig +search kafka-0.kafka-hs', ['status: NXDOMAIN']);
  await page.locator('#client').selectOption('kafka/kafka-1');
  await waitUntil(page, 'the re-run from kafka/kafka-1 answering kafka-0\'s IP',
    (ip) => {
      const t = document.querySelector('#dig-output:not(.pending)')?.textContent ?? '';
      return t.includes('status: NOERROR') && t.includes(ip) && document.querySelector('.prompt .ps1')?.textContent === 'kafka-1$';
    },
    () => `ps1 ${JSON.stringify(document.querySelector('.prompt .ps1')?.textContent)}, #dig-output ${JSON.stringify(document.querySelector('#dig-output')?.textContent.slice(0, 400))}`,
    ip0, OUTPUT_MS);
  const resolv = await page.locator('.resolv:not(.corefile) pre').textContent();
  if (!resolv.includes('search kafka.svc.cluster.local svc.cluster.local cluster.local')) fail(`resolv.conf from kafka-1: ${JSON.stringify(resolv)}`);
  // Back to the seed: its objects return and the client falls back to a pod that exists.
  await page.locator('#preset').selectOption('headful-vs-headless');
  await objectsInclude(page, '#objects listing the seed objects again', SEED_OBJECTS);
  const client = await page.locator('#client').inputValue();
  if (client !== 'default/dnsutils') fail(`#client after switching back is ${client}, expected default/dnsutils`);
});

check('why this answer: #explain steps cite manifest lines, and a line link jumps #yaml there', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  await runInConsole(page, 'dig test-headless.default.svc.cluster.local', [';; ANSWER SECTION:']);
  await waitUntil(page, '#explain with a verdict, steps and "line N" links',
    () => !!document.querySelector('#explain li.query .verdict') && document.querySelectorAll('#explain .steps li').length > 0
      && document.querySelectorAll('#explain .line-link').length > 0,
    () => `#explain: ${JSON.stringify(document.querySelector('#explain')?.innerText.slice(0, 500) ?? '(missing)')}`);
  const links = await page.locator('#explain .line-link').allTextContents();
  const lines = links.map((t) => Number(t.match(/^line (\d+)$/)?.[1]));
  if (lines.some((n) => !(n >= 1 && n <= seed.split('\n').length))) fail(`line links out of range: ${JSON.stringify(links)}`);
  // The headless Service's clusterIP: None is what makes the answer a pod list: a step cites that line.
  const noneLine = seed.split('\n').findIndex((l) => l.includes('clusterIP: None')) + 1;
  const svcLines = seed.split('\n').map((l, i) => [l, i + 1]).filter(([l]) => /name: test-headless|clusterIP: None|kind: Service/.test(l)).map(([, n]) => n);
  if (!lines.some((n) => svcLines.includes(n) || Math.abs(n - noneLine) <= 20)) {
    fail(`no step cites the headless Service (lines ${JSON.stringify(svcLines)}): ${JSON.stringify(links)}`);
  }
  const target = lines[lines.length - 1];
  await page.evaluate(() => { const t = document.querySelector('#yaml'); t.setSelectionRange(0, 0); t.blur(); });
  await page.locator('#explain .line-link').last().click();
  await editorAtLine(page, target);
});

check('console: past 200 pods the pod picker is a filtering text box with at most 50 suggestions', async ({ page }) => {
  await waitForSeedParsed(page);
  const sts = (i) => `---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: web-${i}\nspec:\n  serviceName: hs-${i}\n  replicas: 100\n  selector:\n    matchLabels:\n      app: w${i}\n  template:\n    metadata:\n      labels:\n        app: w${i}\n    spec:\n      containers:\n      - name: c\n        image: nginx\n`;
  const seed = await page.locator('#yaml').inputValue();
  await page.locator('#yaml').fill(`${seed.replace(/\n*$/, '\n')}${[0, 1, 2].map(sts).join('')}`);
  await waitUntil(page, 'the picker as a text box with a datalist of 50', () => document.querySelector('#client')?.tagName === 'INPUT'
      && document.querySelectorAll('#client-pods option').length === 50,
    () => `#client is ${document.querySelector('#client')?.tagName}, ${document.querySelectorAll('#client-pods option').length} options`, undefined, LOAD_MS);
  const hint = await page.locator('#client-hint').textContent();
  if (!/^50 of \d+ pods listed: type to narrow$/.test(hint)) fail(`hint ${JSON.stringify(hint)}`);
  const label = await page.getByLabel('Run in pod').getAttribute('id');
  if (label !== 'client') fail(`"Run in pod" labels #${label}`);
  await page.locator('#client').fill('web-2-9');
  await waitUntil(page, 'the suggestions narrowed to web-2-9…', () => {
    const o = [...document.querySelectorAll('#client-pods option')].map((x) => x.value);
    return o.length === 11 && o.every((v) => v.includes('web-2-9'));
  }, () => JSON.stringify([...document.querySelectorAll('#client-pods option')].map((x) => x.value)));
  await page.locator('#client').fill('default/web-2-99');
  await page.locator('#client').press('Enter');
  await waitUntil(page, 'the prompt in web-2-99', () => document.querySelector('.prompt .ps1')?.textContent === 'web-2-99$', () => `ps1 ${document.querySelector('.prompt .ps1')?.textContent}`);
  // A name that is no pod changes nothing.
  await page.locator('#client').fill('default/nope');
  await page.locator('#client').press('Enter');
  await runInConsole(page, 'dig +search +short test-headful', ['10.']);
  const ps1 = await page.locator('.prompt .ps1').textContent();
  if (ps1 !== 'web-2-99$') fail(`an unknown pod moved the prompt to ${ps1}`);
});

check('embedding: a host page with two self-sizing embeds and one driven by the message API', async ({ context, watch }) => {
  const host = (await import('node:fs')).readFileSync(new URL('./embed-host.html', import.meta.url), 'utf8');
  await context.route(`${APP_URL}__host.html`, (route) => route.fulfill({ status: 200, contentType: 'text/html', body: host }));
  const page = watch(await context.newPage());
  await page.goto(`${APP_URL}__host.html`);
  // The embeds report their height and the host sizes them (from 200 px).
  await waitUntil(page, 'the two embeds sized by their hsp:height messages', () => ['a', 'b'].every((id) => parseFloat(document.getElementById(id).style.height) > 400),
    () => JSON.stringify(['a', 'b', 'c'].map((id) => document.getElementById(id).style.height)), undefined, LOAD_MS);
  const a = page.frameLocator('#a');
  await a.locator('#dig-output:not(.pending)').waitFor({ timeout: OUTPUT_MS });
  if (await a.locator('#yaml').count()) fail('embed a shows the editor although panes=terminal,diagram');
  if (!(await a.getByRole('link', { name: /Open in the full playground/ }).count())) fail('embed a has no "Open in the full playground" link');
  const b = page.frameLocator('#b');
  await b.locator('#yaml').waitFor({ timeout: LOAD_MS });
  if ((await b.locator('#yaml').getAttribute('readonly')) === null) fail('embed b (readonly=1) has an editable editor');
  if (await b.locator('html').getAttribute('data-theme') !== 'dark') fail('embed b is not dark');
  // autoplay=0: paused at the start, the answer waiting for the learner; Play brings it.
  await b.locator('#dig-output.pending').waitFor({ timeout: LOAD_MS });
  const play = b.getByRole('group', { name: 'Playback', exact: true }).getByRole('button', { name: 'Play' });
  if (!(await play.count())) fail('embed b (autoplay=0) is playing');
  await play.click();
  await b.locator('#dig-output:not(.pending)').waitFor({ timeout: OUTPUT_MS });
  // Drive embed c.
  const log = () => page.evaluate(() => [...document.querySelectorAll('#log li')].map((li) => li.textContent));
  const c = page.frameLocator('#c');
  await c.locator('#dig-input').waitFor({ timeout: LOAD_MS });
  await page.evaluate(() => drive({ type: 'hsp:load', v: 1, preset: 'kafka', command: 'dig +search +short kafka-0.kafka-hs.kafka' }));
  await waitUntil(page, 'hsp:loaded', () => [...document.querySelectorAll('#log li')].some((li) => li.textContent.startsWith('c {"type":"hsp:loaded"')), () => 'no reply', undefined, LOAD_MS);
  await c.locator('#dig-input').waitFor();
  if (await c.locator('#dig-output').getAttribute('data-command') !== 'dig +search +short kafka-0.kafka-hs.kafka') fail(`after hsp:load the command is ${await c.locator('#dig-output').getAttribute('data-command')}`);
  await page.evaluate(() => drive({ type: 'hsp:run', v: 1, command: 'dig SRV _kafka._tcp.kafka-hs.kafka.svc.cluster.local' }));
  await waitUntil(page, 'hsp:ran', () => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes('"type":"hsp:ran"')), () => 'no reply');
  await c.locator('#dig-output:not(.pending)', { hasText: 'ANSWER: 3,' }).waitFor({ timeout: OUTPUT_MS });
  await page.evaluate(() => drive({ type: 'hsp:step', v: 1, step: 2 }));
  await waitUntil(page, 'hsp:stepped', () => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes('"type":"hsp:stepped"')), () => 'no reply');
  await c.locator('.twin-steps li[aria-current="step"]', { hasText: 'Attempt 1 of 1' }).waitFor({ timeout: UPDATE_MS });
  await page.evaluate(() => drive({ type: 'hsp:get-state', v: 1 }));
  await waitUntil(page, 'hsp:state with a share fragment', () => [...document.querySelectorAll('#log li')].some((li) => li.textContent.includes('"fragment":"#v=3&s=')), () => 'no reply');
  // Malformed requests get an error; foreign messages get nothing.
  await page.evaluate(() => { drive({ type: 'hsp:run', v: 1 }); drive({ type: 'hsp:load', v: 1, preset: '<img src=x onerror=alert(1)>' }); drive({ type: 'something-else' }); drive('a string'); drive(null); });
  await waitUntil(page, 'two hsp:error replies', () => [...document.querySelectorAll('#log li')].filter((li) => li.textContent.includes('"type":"hsp:error"')).length === 2, async () => JSON.stringify(await Promise.resolve([...document.querySelectorAll('#log li')].map((li) => li.textContent))));
  const replies = await log();
  if (replies.length !== 6) fail(`expected 6 replies (4 answers, 2 errors), got ${JSON.stringify(replies)}`);
});

check('hostile input: markup in YAML names, labels, annotations and commands is shown as text, never run', async ({ page }) => {
  await waitForSeedParsed(page);
  await page.evaluate(() => { window.__pwned = 0; window.alert = () => { window.__pwned++; }; });
  const evil = '<img src=x onerror="window.__pwned++">';
  const yaml = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: evil', '  labels:', `    app: '${evil}'`, '  annotations:', `    note: '<script>window.__pwned++</script>'`,
    'spec:', '  selector:', `    app: '${evil}'`, '  ports:', `  - name: '<b onmouseover=x>'`, '    port: 80', '---', 'apiVersion: v1', 'kind: Pod', 'metadata:',
    `  name: '<svg onload=window.__pwned++>'`, 'spec:', '  containers:', '  - name: c', '    image: nginx'].join('\n');
  await page.locator('#yaml').fill(yaml);
  await waitUntil(page, 'the hostile document parsed (its problems listed)', () => document.querySelectorAll('#diagnostics li').length > 0, describeItems, '#diagnostics');
  // The markup is printed back as text (dig echoes its arguments).
  await runInConsole(page, `dig <img src=x onerror=window.__pwned++>`, ['<<>> <img src=x onerror=window.__pwned++>']);
  await page.locator('#dig-input').fill('dig "<script>window.__pwned++</script>"');
  await page.locator('#dig-run').click();
  await page.locator('#dig-output:not(.pending)').waitFor({ timeout: OUTPUT_MS });
  const injected = await page.evaluate(() => document.querySelectorAll('.app img, .app script, .app svg[onload], .app b[onmouseover]').length);
  const pwned = await page.evaluate(() => window.__pwned);
  if (injected || pwned) fail(`${injected} injected element(s), ${pwned} script run(s)`);
});

check('network: the app requests nothing but its own files, under a Content-Security-Policy it never violates', async ({ context, watch }) => {
  await context.addInitScript(() => {
    globalThis.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => __csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
  const page = watch(await context.newPage());
  const foreign = [];
  const origin = new URL(APP_URL).origin;
  page.on('request', (r) => { if (!r.url().startsWith(origin) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url()); });
  await page.goto(`${APP_URL}#preset=kafka`);
  await waitForApp(page);
  await page.locator('#dig-output:not(.pending)').waitFor({ timeout: LOAD_MS + OUTPUT_MS });
  await page.getByRole('button', { name: 'Kafka', exact: true }).click();
  await page.getByRole('button', { name: 'Produce' }).click();
  await page.getByRole('button', { name: 'Compare' }).click();
  await page.getByRole('button', { name: 'Embed' }).click();
  await page.getByRole('textbox', { name: 'Embed snippet' }).waitFor();
  if (foreign.length) fail(`requests to other hosts: ${JSON.stringify(foreign)}`);
  const policy = await page.evaluate(() => document.querySelector('meta[http-equiv="Content-Security-Policy"]')?.content ?? '');
  if (!/default-src 'self'/.test(policy) || !/'wasm-unsafe-eval'/.test(policy) || /'unsafe-eval'/.test(policy)) fail(`policy ${JSON.stringify(policy)}`);
  const violations = await page.evaluate(() => __csp);
  if (violations.length) fail(`CSP violations: ${JSON.stringify(violations)}`);
  await page.close();
});

check('console: kubectl get, describe and the shell commands print what the real tools print, with no diagram', async ({ page }) => {
  await waitForSeedParsed(page);
  const svc = await runInConsole(page, 'kubectl get svc', ['NAME            TYPE        CLUSTER-IP', 'test-headless   ClusterIP   None          <none>        80/TCP']);
  if (await page.locator('.player figure.diagram').count()) fail('a diagram for a command that sends no DNS query');
  if (!/no DNS query was sent/.test(await page.locator('.player .exit').textContent())) fail('no "no DNS query" note');
  const ip1 = await podIp(page, 'default/test-1');
  await page.getByLabel('test-2 is ready').uncheck();
  const described = await runInConsole(page, 'kubectl describe svc test-headless', ['IP:                       None', 'Endpoints:']);
  if (!described.includes(ip1) || described.includes(await podIp(page, 'default/test-2'))) fail(`describe shows the wrong endpoints: ${described}`);
  await runInConsole(page, 'kubectl get pods -n nope', ['No resources found in nope namespace.']);
  await runInConsole(page, 'kubectl get svc web', ['Error from server (NotFound): services "web" not found']);
  await runInConsole(page, 'cat /etc/resolv.conf', ['search default.svc.cluster.local svc.cluster.local cluster.local', 'nameserver 10.96.0.10', 'options ndots:5']);
  await runInConsole(page, 'hostname', ['dnsutils']);
  const curl = await runInConsole(page, 'curl web', ['sh: curl: not supported here; try: dig']);
  if (!svc || !curl) fail('empty output');
  if (await page.locator('#dig-output').getAttribute('data-exit') !== '127') fail('curl did not exit 127');
});

// axe-core (from npm, tests/e2e/package-lock.json) over the main screens, light and dark.
const axeAudit = (page, colorScheme) => async (where, include) => {
  const axe = fileURLToPath(new URL('./node_modules/axe-core/axe.min.js', import.meta.url));
  if (!(await page.evaluate(() => typeof axe !== 'undefined'))) await page.addScriptTag({ path: axe });
  const v = await page.evaluate(async (inc) => (await axe.run(inc ? { include: inc.map((s) => [s]) } : document, { resultTypes: ['violations'] })).violations
    .map((x) => ({ id: x.id, impact: x.impact, nodes: x.nodes.slice(0, 3).map((n) => n.target.join(' ')) })), include);
  const bad = v.filter((x) => x.impact === 'serious' || x.impact === 'critical');
  console.log(`    axe ${colorScheme} ${where}: ${v.length} violation(s)${v.length ? `: ${v.map((x) => `${x.id} (${x.impact})`).join(', ')}` : ''}`);
  if (bad.length) fail(`${where}: ${JSON.stringify(bad)}`);
};
for (const colorScheme of ['light', 'dark']) {
  // The audit injects axe-core as a script, which the page's Content-Security-Policy (rightly)
  // refuses: these contexts alone bypass it; the policy itself is checked under "network:".
  check(`accessibility: axe-core finds no serious or critical violation (${colorScheme})`, async ({ page }) => {
    const audit = axeAudit(page, colorScheme);
    await waitForSeedParsed(page);
    await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,']);
    await audit('after a dig');
    await page.getByRole('button', { name: 'Compare' }).click();
    await page.locator('.diffs').waitFor();
    await page.getByRole('button', { name: 'Kafka', exact: true }).click();
    await page.locator('#kafka').waitFor();
    await page.getByRole('button', { name: 'Embed' }).click();
    await page.locator('.embed-dialog').waitFor();
    // The parts just opened (the page around them was audited above).
    await audit('Compare, Kafka and Embed', ['.compare', '#kafka', '.embed-dialog']);
    // The Kafka view with brokers and a run.
    await page.locator('#preset').selectOption('kafka');
    await page.locator('#kafka #kafka-key').waitFor();
    await page.getByRole('button', { name: 'Produce', exact: true }).click();
    await audit('the Kafka view after Produce', ['#kafka']);
  }, { colorScheme, bypassCSP: true });
  check(`accessibility: axe-core over the lessons, Tab's matches and the shortcuts dialog (${colorScheme})`, async ({ page }) => {
    const audit = axeAudit(page, colorScheme);
    await waitForSeedParsed(page);
    await page.getByRole('button', { name: 'Lessons', exact: true }).click();
    await page.locator('.lesson-list').waitFor();
    await audit('the lesson list', ['.lesson-list']);
    await page.getByRole('button', { name: /^Start: SRV records/ }).click();
    await page.getByRole('textbox', { name: /^Your prediction/ }).fill('7');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.locator('.reveal').waitFor();
    await page.getByRole('button', { name: 'Try it for real' }).click();
    const input = page.getByRole('textbox', { name: /^Command/ });
    await input.fill('dig +s');
    await input.press('Tab');
    await page.locator('.completions li').first().waitFor();
    await page.locator('details.corefile > summary').click();
    await audit('a lesson step revealed, its script, Tab\'s matches, the Corefile');
    await page.getByRole('button', { name: 'Shortcuts' }).click();
    await page.getByRole('dialog', { name: 'Keyboard shortcuts' }).waitFor();
    await audit('the shortcuts dialog', ['.dialog']);
  }, { colorScheme, bypassCSP: true });
}

// ---- the animated answer -------------------------------------------------------------------------

const describeTwin = () => {
  const items = [...document.querySelectorAll('.twin-steps li')];
  const cur = items.findIndex((li) => li.getAttribute('aria-current') === 'step');
  return `step list has ${items.length} item(s), current ${cur}: ${JSON.stringify(items.map((li) => li.textContent.slice(0, 70)))}`;
};
// The main player's buttons (the Compare view has its own, named after its side).
const mainControls = (page) => page.getByRole('group', { name: 'Playback', exact: true });

check('animation: a dig +search of a short name from kube-system shows one attempt per search-list entry, NXDOMAIN ones included', async ({ page }) => {
  await waitForSeedParsed(page);
  const coredns = await page.evaluate(() => [...document.querySelectorAll('#client option')].map((o) => o.value).find((v) => v.startsWith('kube-system/coredns-')));
  if (!coredns) fail('no kube-system/coredns-… pod in #client');
  await page.locator('#client').selectOption(coredns);
  await runInConsole(page, 'dig +search test-headless', ['status: NXDOMAIN']);
  await waitUntil(page, 'four attempts in the step list, three NXDOMAIN replies dimmed and the last attempt\'s verdict current',
    () => {
      const t = __twin();
      const attempts = [1, 2, 3, 4].every((k) => t.captions.some((c) => c.startsWith(`Attempt ${k} of 4: dig asks 10.96.0.10`)));
      const nx = t.outcomes.filter((o) => o === 'nxdomain').length;
      return attempts && nx >= 8 && t.current >= 0 && t.captions[t.current].startsWith('CoreDNS decides: NXDOMAIN');
    }, describeTwin, undefined, OUTPUT_MS);
  const t = await page.evaluate(() => __twin());
  for (const domain of ['kube-system.svc.cluster.local.', 'svc.cluster.local.', 'cluster.local.']) {
    if (!t.captions.some((c) => c.includes(`for test-headless.${domain} A`))) fail(`no attempt for test-headless.${domain}: ${JSON.stringify(t.captions)}`);
  }
  if (!/attempt 4 of 4/.test(t.readout)) fail(`readout ${JSON.stringify(t.readout)}`);
  const dimmed = await page.locator('.twin-steps li.dim').count();
  if (dimmed < 6) fail(`only ${dimmed} dimmed steps for the three NXDOMAIN attempts`);
  // The figure is one image with a name and a description; its text is hidden from screen readers.
  const fig = page.getByRole('img', { name: /^Query path: dig \+search test-headless/ });
  if (await fig.count() !== 1) fail('no img named "Query path: dig +search test-headless"');
  const hidden = await page.evaluate(() => document.querySelector('svg.query-path > g')?.getAttribute('aria-hidden'));
  if (hidden !== 'true') fail(`the diagram's drawing is not aria-hidden (${hidden})`);
  const desc = await page.evaluate(() => document.getElementById(document.querySelector('svg.query-path').getAttribute('aria-describedby'))?.textContent);
  if (!/4 attempts to CoreDNS, ending in NXDOMAIN/.test(desc ?? '')) fail(`description ${JSON.stringify(desc)}`);
});

check('animation: Next and Previous move aria-current, the live region follows, keys work only on the focused diagram', async ({ page }) => {
  await waitForSeedParsed(page);
  await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,']);
  const controls = mainControls(page);
  await controls.getByRole('button', { name: 'Restart' }).click();
  await waitUntil(page, 'step 1 current after Restart', () => __twin().current === 0, describeTwin);
  await controls.getByRole('button', { name: 'Next step' }).click();
  await controls.getByRole('button', { name: 'Next step' }).click();
  await waitUntil(page, 'step 3 current after two Next', () => __twin().current === 2, describeTwin);
  const live = await page.evaluate(() => document.querySelector('.player > [aria-live="polite"]')?.textContent);
  const third = await page.evaluate(() => __twin().captions[2]);
  if (live !== third) fail(`aria-live says ${JSON.stringify(live)}, step 3 is ${JSON.stringify(third)}`);
  if (!third.startsWith('kube-proxy rewrites the destination 10.96.0.10 to CoreDNS pod coredns-')) fail(`step 3 is ${JSON.stringify(third)}`);
  await controls.getByRole('button', { name: 'Previous step' }).click();
  await waitUntil(page, 'step 2 current after Previous', () => __twin().current === 1, describeTwin);
  // Keys on the focused diagram: → steps, End jumps to the last step, Home back to the first.
  await page.locator('figure.diagram').first().focus();
  await page.keyboard.press('ArrowRight');
  await waitUntil(page, 'step 3 after → on the diagram', () => __twin().current === 2, describeTwin);
  await page.keyboard.press('End');
  await waitUntil(page, 'the last step after End', () => { const t = __twin(); return t.current === t.captions.length - 1; }, describeTwin);
  await page.keyboard.press('Home');
  await waitUntil(page, 'step 1 after Home', () => __twin().current === 0, describeTwin);
  // The same keys typed in the console input move nothing.
  await page.locator('#dig-input').focus();
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowLeft');
  const after = await page.evaluate(() => __twin().current);
  if (after !== 0) fail(`keys in #dig-input moved the diagram to step ${after + 1}`);
  // Clicking a step in the list shows that step.
  await page.locator('.twin-steps li .twin-seek').nth(3).click();
  await waitUntil(page, 'step 4 after clicking it in the list', () => __twin().current === 3, describeTwin);
});

check('animation: a headless answer ends connecting straight to a pod, a ClusterIP answer through kube-proxy', async ({ page }) => {
  await waitForSeedParsed(page);
  const last = async (cmd) => {
    await runInConsole(page, cmd, [';; ANSWER SECTION:']);
    await mainControls(page).getByRole('button', { name: 'Restart' }).click();
    await page.locator('figure.diagram').first().focus();
    await page.keyboard.press('End');
    await waitUntil(page, `the last step of "${cmd}" current`, () => { const t = __twin(); return t.current === t.captions.length - 1 && t.current > 0; }, describeTwin);
    return page.evaluate(() => { const t = __twin(); return t.captions[t.current]; });
  };
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  const headless = await last('dig test-headless.default.svc.cluster.local');
  const m = headless.match(/the client takes the first, ([\d.]+), and an application would connect straight to pod (test-\d): no virtual IP, no kube-proxy rewrite\.$/);
  if (!m) fail(`headless final step: ${JSON.stringify(headless)}`);
  if (ips[Number(m[2].slice(5)) - 1] !== m[1]) fail(`the step names ${m[2]} at ${m[1]}, but #pods shows ${JSON.stringify(ips)}`);
  const vip = await last('dig test-headful.default.svc.cluster.local');
  if (!/^kube-proxy picks pod test-\d \([\d.]+\), one of 3 ready endpoints/.test(vip)) fail(`ClusterIP final step: ${JSON.stringify(vip)}`);
  // The diagram shows the pod it connected to as visited.
  const visited = await page.evaluate(() => [...document.querySelectorAll('svg.query-path .box.active .name, svg.query-path .box.visited .name')].map((t) => t.textContent));
  if (!visited.some((n) => /^test-\d$/.test(n))) fail(`no pod box highlighted: ${JSON.stringify(visited)}`);
});

check('animation: a share link with step= opens paused on that step, and the address bar carries the step the player stopped at', async ({ page, context, watch }) => {
  await waitForSeedParsed(page);
  await runInConsole(page, 'dig +search +short test-headless', ['10.']);
  const controls = mainControls(page);
  await controls.getByRole('button', { name: 'Restart' }).click();
  for (let i = 0; i < 2; i++) await controls.getByRole('button', { name: 'Next step' }).click();
  await controls.getByRole('combobox').selectOption('50');
  await waitUntil(page, 'step=3 and speed=0.5 in the link in the address bar',
    async () => { const p = await __e2e.linkParams(); return p.step === '3' && p.speed === '0.5'; },
    async () => `params ${JSON.stringify(await __e2e.linkParams())}`);
  const link = await page.evaluate(() => location.href);
  // A fresh browser context: nothing shared with the page the link came from but the link.
  const other = await context.browser().newContext({ viewport: { width: 1280, height: 800 } });
  await other.addInitScript(PAGE_HELPERS);
  const fresh = watch(await other.newPage());
  await fresh.goto(link);
  await waitUntil(fresh, 'step 3 current on the page opened from the link', () => __twin().current === 2, describeTwin, undefined, LOAD_MS);
  const same = await page.evaluate(() => __twin().captions);
  const again = await fresh.evaluate(() => __twin().captions);
  if (JSON.stringify(same) !== JSON.stringify(again)) fail(`the link replays other steps: ${JSON.stringify(same)} vs ${JSON.stringify(again)}`);
  const play = await fresh.getByRole('group', { name: 'Playback', exact: true }).getByRole('button', { name: 'Play' }).count();
  if (play !== 1) fail('the page opened from a step link is not paused (no Play button)');
  const speed = await fresh.getByRole('group', { name: 'Playback', exact: true }).getByRole('combobox').inputValue();
  if (speed !== '50') fail(`speed from the link is ${speed}`);
  const t1 = await fresh.evaluate(() => document.querySelector('.player > .controls-row .scrubber').value);
  const t0 = await page.evaluate(() => document.querySelector('.player > .controls-row .scrubber').value);
  if (t1 !== t0) fail(`the link opens at t=${t1}, the page it came from showed t=${t0}`);
  // The same frame: the same diagram, hop for hop.
  const drawn = (p) => p.evaluate(() => document.querySelector('.svg-scroll.wide svg.query-path')?.innerHTML);
  if (await drawn(page) !== await drawn(fresh)) fail('the diagram drawn from the link differs from the original');
  await other.close();
});

check('animation: with reduced motion nothing plays by itself and no animation frame loop runs', async ({ context, watch }) => {
  const ctx = await context.browser().newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await ctx.addInitScript(PAGE_HELPERS);
  await ctx.addInitScript(() => {
    globalThis.__raf = 0;
    const raf = window.requestAnimationFrame.bind(window);
    window.requestAnimationFrame = (cb) => { globalThis.__raf++; return raf(cb); };
  });
  const page = watch(await ctx.newPage());
  try {
    await page.goto(APP_URL);
    await waitForSeedParsed(page);
    await runInConsole(page, 'dig +search test-headless', [';; ANSWER SECTION:']);
    await waitUntil(page, 'the whole walk shown at once, on its last step', () => { const t = __twin(); return t.captions.length > 3 && t.current === t.captions.length - 1; }, describeTwin);
    const before = await page.evaluate(() => globalThis.__raf);
    await page.waitForTimeout(700);
    const after = await page.evaluate(() => globalThis.__raf);
    if (after - before > 2) fail(`${after - before} animation frames requested in 700 ms while nothing should move`);
    if (await mainControls(page).getByRole('button', { name: 'Play' }).count() !== 1) fail('reduced motion: the player is playing');
    const packets = await page.locator('svg.packets g.packet').count();
    if (packets) fail(`${packets} packet(s) in flight with reduced motion`);
    // The step buttons show one state at a time.
    await mainControls(page).getByRole('button', { name: 'Restart' }).click();
    await mainControls(page).getByRole('button', { name: 'Next step' }).click();
    await waitUntil(page, 'step 2 after Restart and Next', () => __twin().current === 1, describeTwin);
    const drawn = await page.locator('.svg-scroll.wide svg.query-path .hop').count();
    if (drawn !== 1) fail(`${drawn} hop arrows drawn on step 2 (expected the one that finished)`);
  } finally {
    await ctx.close();
  }
});

check('compare: the Compare button shows the query against the Service as written and as the other kind, differences marked', async ({ page }) => {
  await waitForSeedParsed(page);
  await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,']);
  await page.getByRole('button', { name: 'Compare' }).click();
  await waitUntil(page, 'the Compare view with two outputs and a table of differences',
    () => document.querySelectorAll('.compare .tool-output').length === 2 && document.querySelectorAll('.diffs tbody tr').length >= 3,
    () => `compare: ${JSON.stringify(document.querySelector('.compare')?.innerText.slice(0, 400) ?? '(missing)')}`);
  const outs = await page.locator('.compare .tool-output').allTextContents();
  if (!outs[0].includes('ANSWER: 1,') || !outs[1].includes('ANSWER: 3,')) fail(`outputs: ${JSON.stringify(outs.map((o) => o.slice(0, 200)))}`);
  const rows = await page.evaluate(() => [...document.querySelectorAll('.diffs tbody tr')].map((tr) => ({ what: tr.cells[0].textContent, differs: tr.classList.contains('differs'), left: tr.cells[1].textContent, right: tr.cells[2].textContent })));
  const answer = rows.find((r) => r.what === 'DNS answer');
  if (!answer || !answer.differs || !/^1 A record: 10\./.test(answer.left) || !/^3 A records: 10\.244\./.test(answer.right)) fail(`DNS answer row: ${JSON.stringify(answer)}`);
  const reach = rows.find((r) => r.what === 'What a client reaches');
  if (!reach || !reach.left.startsWith('kube-proxy picks pod') || !reach.right.includes('connect straight to pod')) fail(`reach row: ${JSON.stringify(reach)}`);
  const imgs = await page.getByRole('img', { name: /^Query path, test-headful/ }).count();
  if (imgs !== 2) fail(`${imgs} compare diagrams`);
  // A not-ready pod changes the headless side only.
  await page.getByLabel('test-2 is ready').uncheck();
  await waitUntil(page, 'a Not-ready pods row after unticking test-2',
    () => [...document.querySelectorAll('.diffs tbody tr')].some((tr) => tr.cells[0].textContent === 'Not-ready pods' && tr.cells[2].textContent.includes('left out of the answer')),
    () => `diffs: ${JSON.stringify(document.querySelector('.diffs')?.innerText)}`);
  await page.getByRole('button', { name: 'Compare' }).click();
  await waitUntil(page, 'the Compare view closed', () => !document.querySelector('.compare'), () => 'still open');
});

check('diagnostics: clusterIp typo marks the gutter, clicking the warning jumps #yaml to that line', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const typo = seed.replace('clusterIP: None', 'clusterIp: None');
  const line = typo.split('\n').findIndex((l) => l.includes('clusterIp: None')) + 1;
  await page.locator('#yaml').fill(typo);
  await waitUntil(page, `a #diagnostics warning on line ${line}`,
    (ln) => !!document.querySelector(`#diagnostics li[data-line="${ln}"][data-severity="warning"]`),
    () => describeItems('#diagnostics'), line);
  const mark = await page.evaluate((ln) => document.querySelectorAll('.gutter .ln')[ln - 1]?.className, line);
  if (!/\bwarn\b/.test(mark ?? '')) fail(`gutter line ${line} has class ${JSON.stringify(mark)}, expected "warn"`);
  await page.evaluate(() => { const t = document.querySelector('#yaml'); t.setSelectionRange(0, 0); t.blur(); });
  await page.locator(`#diagnostics li[data-line="${line}"] button.loc`).click();
  await editorAtLine(page, line);
  const cur = await editorCursor(page);
  if (!cur.selected.includes('clusterIp')) fail(`the jump selected ${JSON.stringify(cur.selected)}, expected the clusterIp line`);
});

check('share link: state lives in the fragment; a new page opened on it restores YAML, command, pod and toggles', async ({ page, context, watch }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(APP_URL).origin });
  const seed = await waitForSeedParsed(page);
  const edited = `${seed.replace(/\n*$/, '\n')}# shared & marked: é #1\n`;
  await page.locator('#yaml').fill(edited);
  await objectsInclude(page, '#objects after the edit', SEED_OBJECTS);
  const ip1 = await podIp(page, 'default/test-1');
  const ip2 = await podIp(page, 'default/test-2');
  await page.locator('#pods').getByLabel('test-2 is ready').uncheck();
  await page.locator('#client').selectOption('default/test-1');
  const cmd = 'dig +search +short test-headless';
  await runInConsole(page, cmd, [ip1], [ip2]);
  await waitUntil(page, 'the fragment (format 3) carrying yaml, cmd, pod and notready',
    async ({ y, c }) => {
      if (!location.hash.startsWith('#v=3&s=') || !location.hash.includes('&y=')) return false;
      const p = await __e2e.linkParams();
      return p.yaml === y && p.cmd === c && p.pod === 'default/test-1' && p.notready === 'default/test-2';
    },
    async () => `location.hash: ${JSON.stringify(location.hash.slice(0, 120))}; params ${JSON.stringify(await __e2e.linkParams().catch((e) => e.message)).slice(0, 300)}`,
    { y: edited, c: cmd });
  await page.locator('#share').click();
  await waitUntil(page, '#share saying "Link copied"', () => document.querySelector('#share')?.textContent.includes('Link copied'),
    () => `#share: ${JSON.stringify(document.querySelector('#share')?.textContent)}`);
  const url = page.url();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  if (copied !== url) fail(`the clipboard holds ${JSON.stringify(copied.slice(0, 200))}, the address bar ${JSON.stringify(url.slice(0, 200))}`);
  const other = await context.newPage();
  watch(other);
  await other.goto(url, { waitUntil: 'load' });
  await waitForApp(other);
  await waitUntil(other, '#yaml restored from the link', (y) => document.querySelector('#yaml')?.value === y,
    () => `#yaml: ${JSON.stringify(document.querySelector('#yaml')?.value.slice(-80))}`, edited, LOAD_MS);
  await waitUntil(other, `the terminal ran "${cmd}", #client default/test-1, test-2 unticked, output without ${ip2}`,
    ({ c, a, b }) => document.querySelector('#dig-output')?.dataset.command === c
      && document.querySelector('#client')?.value === 'default/test-1'
      && document.querySelector('#pods input[aria-label="test-2 is ready"]')?.checked === false
      && (document.querySelector('#dig-output:not(.pending)')?.textContent ?? '').includes(a)
      && !(document.querySelector('#dig-output')?.textContent ?? '').includes(b),
    () => JSON.stringify({
      input: document.querySelector('#dig-output')?.dataset.command,
      client: document.querySelector('#client')?.value,
      test2ready: document.querySelector('#pods input[aria-label="test-2 is ready"]')?.checked,
      output: document.querySelector('#dig-output')?.textContent.slice(0, 200),
    }), { c: cmd, a: ip1, b: ip2 }, OUTPUT_MS);
  await other.close();
});

check('share link: a format-1 link from the previous version opens exactly as before', async ({ context, watch }) => {
  const page = watch(await context.newPage());
  const yaml = (await import('node:fs')).readFileSync(new URL('../../src/scenarios/seed.yaml', import.meta.url), 'utf8');
  const frag = `#v=1&yaml=${encodeURIComponent(yaml)}&cmd=${encodeURIComponent('dig +search +short test-headless')}&pod=${encodeURIComponent('default/test-1')}&notready=${encodeURIComponent('default/test-2')}`;
  await page.goto(`${APP_URL}${frag}`);
  await waitForApp(page);
  await waitUntil(page, 'the format-1 link restored: YAML, command, pod, toggle', (y) => document.querySelector('#yaml')?.value === y
      && document.querySelector('#dig-output')?.dataset.command === 'dig +search +short test-headless'
      && document.querySelector('#client')?.value === 'default/test-1'
      && document.querySelector('#pods input[aria-label="test-2 is ready"]')?.checked === false
      && !!document.querySelector('#dig-output:not(.pending)'),
    () => JSON.stringify({ cmd: document.querySelector('#dig-output')?.dataset.command, client: document.querySelector('#client')?.value }), yaml, LOAD_MS + OUTPUT_MS);
  // The address bar now holds the same state in format 2.
  const p = await page.evaluate(() => __e2e.linkParams());
  if (p.yaml !== yaml || p.pod !== 'default/test-1' || p.notready !== 'default/test-2') fail(`re-encoded as ${JSON.stringify(p).slice(0, 200)}`);
  await page.close();
});

check('share link: a + in a hand-written link is a plus (dig options), and #q=NAME|TYPE runs that dig', async ({ context, watch }) => {
  const page = watch(await context.newPage());
  await page.goto(`${APP_URL}#preset=headful-vs-headless&cmd=dig%20+short%20test-headful.default.svc.cluster.local`);
  await waitForApp(page);
  await waitUntil(page, 'the terminal ran "dig +short …" and a one-line answer', () => document.querySelector('#dig-output')?.dataset.command === 'dig +short test-headful.default.svc.cluster.local'
      && /^10\.\d+\.\d+\.\d+\s*$/.test(document.querySelector('#dig-output:not(.pending)')?.textContent ?? ''),
    () => JSON.stringify({ cmd: document.querySelector('#dig-output')?.dataset.command, out: document.querySelector('#dig-output')?.textContent.slice(0, 100) }), undefined, LOAD_MS + OUTPUT_MS);
  const q = watch(await context.newPage());
  await q.goto(`${APP_URL}#preset=kafka&q=${encodeURIComponent('_kafka._tcp.kafka-hs.kafka.svc.cluster.local|SRV')}`);
  await waitForApp(q);
  await waitUntil(q, 'the #q= dig ran', () => document.querySelector('#dig-output')?.dataset.command === 'dig _kafka._tcp.kafka-hs.kafka.svc.cluster.local SRV'
      && (document.querySelector('#dig-output:not(.pending)')?.textContent ?? '').includes('ANSWER: 3,'),
    () => JSON.stringify({ cmd: document.querySelector('#dig-output')?.dataset.command, out: document.querySelector('#dig-output')?.textContent.slice(0, 200) }), undefined, LOAD_MS + OUTPUT_MS);
  await page.close();
  await q.close();
});

check('share link: a malformed or hostile fragment loads what it can and says what was dropped', async ({ context, watch }) => {
  const page = watch(await context.newPage());
  const junk = 'x'.repeat(200_000);
  await page.goto(`${APP_URL}#preset=kafka&step=zero&pod=a/b/c&s=!!!&theme=%3Cscript%3Ealert(1)%3C%2Fscript%3E&junk=${junk}`);
  await waitForApp(page);
  await waitUntil(page, 'the Kafka scenario loaded and a notice listing what was dropped', () => {
    const n = document.querySelector('.share-problem[role="status"]')?.textContent ?? '';
    return document.querySelector('#preset')?.value === 'kafka' && n.includes('step: `zero`') && n.includes('pod `a/b/c`') && n.includes('not base64url') && n.includes('theme `<script>');
  }, () => JSON.stringify({ preset: document.querySelector('#preset')?.value, notice: document.querySelector('.share-problem')?.textContent.slice(0, 400) }), undefined, LOAD_MS);
  if (await page.evaluate(() => !!document.querySelector('.share-problem script'))) fail('the notice holds a script element');
  await page.getByRole('button', { name: 'Dismiss' }).click();
  await waitUntil(page, 'the notice dismissed', () => !document.querySelector('.share-problem[role="status"]'), () => 'still shown');
  await page.close();
});

check('share link: a state over 32 KB gets no link but a file, which opens the state again; an edited link says so', async ({ page, context, watch }) => {
  await waitForSeedParsed(page);
  // Comments of random letters: deflate cannot shrink them under the limit.
  let x = 2463534242;
  const rand = () => { x ^= x << 13; x >>>= 0; x ^= x >>> 17; x ^= x << 5; x >>>= 0; return String.fromCharCode(97 + (x % 26)); };
  const noise = Array.from({ length: 900 }, () => `# ${Array.from({ length: 70 }, rand).join('')}`).join('\n');
  const seed = await page.locator('#yaml').inputValue();
  const big = `${seed.replace(/\n*$/, '\n')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: big\nspec:\n  clusterIP: None\n${noise}\n`;
  await page.locator('#yaml').fill(big);
  await objectsInclude(page, '#objects after the big edit', ['Service default/big'], LOAD_MS);
  await page.locator('#share').click();
  await waitUntil(page, 'the too-large message with a download', () => (document.querySelector('.share-problem[role="alert"]')?.textContent ?? '').includes('over the 32 KB a link can safely carry'),
    () => `${JSON.stringify(document.querySelector('.share-problem')?.textContent ?? '(none)')}; #share says ${JSON.stringify(document.querySelector('#share')?.textContent)}; hash ${location.hash.length} chars`);
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download the state' }).click()]);
  const file = await download.path();
  const fresh = watch(await context.newPage());
  await fresh.goto(APP_URL);
  await waitForSeedParsed(fresh);
  // The seed's link fits: no message. Open the file through the picker the message offers.
  await fresh.locator('#yaml').fill(big);
  await objectsInclude(fresh, '#objects after the big edit', ['Service default/big'], LOAD_MS);
  await fresh.locator('#share').click();
  await fresh.locator('.share-problem input[type="file"]').setInputFiles(file);
  await waitUntil(fresh, 'the state from the file in #yaml', (y) => document.querySelector('#yaml')?.value === y, () => `#yaml has ${document.querySelector('#yaml')?.value.length} chars`, big, LOAD_MS);
  await fresh.close();
  // A page opened from a link and then edited says so.
  const linked = watch(await context.newPage());
  await linked.goto(`${APP_URL}#preset=headful-vs-headless&cmd=${encodeURIComponent('dig test-headful.default.svc.cluster.local')}`);
  await waitForSeedParsed(linked);
  if (await linked.locator('.edited-note').count()) fail('"edited" shown before any edit');
  await linked.locator('#yaml').fill(`${seed}\n# a change\n`);
  await waitUntil(linked, 'the "edited since the link was opened" note', () => (document.querySelector('.edited-note')?.textContent ?? '') === 'edited since the link was opened', () => 'no note');
  await linked.close();
});

check('share link: after a long paste the link follows a frame later, and Copy in between copies the new state', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: new URL(APP_URL).origin });
  const seed = await waitForSeedParsed(page);
  // Over 64 KB of text (so its link is made after the frame), but repetitive: the link still fits.
  const pad = Array.from({ length: 1800 }, (_, i) => `# padding line ${String(i).padStart(4, '0')} of a long manifest`).join('\n');
  const long = `${seed.replace(/\n*$/, '\n')}---\napiVersion: v1\nkind: Service\nmetadata:\n  name: long\nspec:\n  clusterIP: None\n${pad}\n`;
  if (long.length < 65536) fail(`the text is only ${long.length} bytes`);
  // Paste, and click Copy as soon as the new state is in the DOM: before the next frame, so before
  // the deferred link has been made.
  await page.evaluate((text) => new Promise((done) => {
    const objects = document.querySelector('.objects');
    const seen = new MutationObserver(() => {
      if (!(objects.textContent ?? '').includes('Service default/long')) return;
      seen.disconnect();
      document.querySelector('#share').click();
      done();
    });
    seen.observe(objects, { childList: true, subtree: true, characterData: true });
    const t = document.querySelector('#yaml');
    t.value = text;
    t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
  }), long);
  await waitUntil(page, '#share saying "Link copied"', () => document.querySelector('#share')?.textContent.includes('Link copied'),
    () => `#share: ${JSON.stringify(document.querySelector('#share')?.textContent)}; problem ${JSON.stringify(document.querySelector('.share-problem')?.textContent ?? '')}`);
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  const params = await page.evaluate((h) => __e2e.linkParams(h), new URL(copied).hash);
  if (params.yaml !== long) fail(`the copied link carries ${JSON.stringify((params.yaml ?? '(no yaml)').slice(-80))}, not the pasted text`);
  // The address bar catches up once the state settles (the player moves on meanwhile, so it may
  // carry a later step than the copied link).
  await waitUntil(page, 'the address bar carrying the pasted text', async (y) => (await __e2e.linkParams()).yaml === y,
    async () => `the address bar's yaml ends ${JSON.stringify(((await __e2e.linkParams()).yaml ?? '(none)').slice(-80))}`, long, UPDATE_MS);
});

check('embed mode: #…&embed=1 hides the chrome, keeps editor and console, links to the full playground', async ({ context, watch }) => {
  const page = await context.newPage();
  watch(page);
  await page.goto(`${APP_URL}#v=1&preset=kafka&cmd=${encodeURIComponent('dig +search +short kafka-0.kafka-hs.kafka')}&embed=1&theme=dark`);
  await waitForApp(page);
  await waitUntil(page, 'the embedded app with its editor and console',
    () => !!document.querySelector('.app.embed #yaml') && !!document.querySelector('#dig-input') && !!document.querySelector('#dig-output:not(.pending)'),
    () => `classes ${document.querySelector('.app')?.className}`, undefined, LOAD_MS);
  const chrome = await page.evaluate(() => ({
    tagline: !!document.querySelector('.tagline'),
    summary: !!document.querySelector('.summary'),
    footer: !!document.querySelector('footer'),
    share: !!document.querySelector('#share'),
    theme: document.documentElement.getAttribute('data-theme'),
    full: document.querySelector('a[target=_blank]')?.getAttribute('href') ?? null,
  }));
  const fullParams = chrome.full ? await page.evaluate((h) => __e2e.linkParams(h), chrome.full) : {};
  const wrong = [];
  if (chrome.tagline || chrome.summary || chrome.footer || chrome.share) wrong.push(`chrome still shown: ${JSON.stringify(chrome)}`);
  if (chrome.theme !== 'dark') wrong.push(`data-theme is ${chrome.theme}, the link says dark`);
  if (!chrome.full || fullParams.preset !== 'kafka' || fullParams.cmd !== 'dig +search +short kafka-0.kafka-hs.kafka' || 'embed' in fullParams) {
    wrong.push(`full-playground link ${JSON.stringify(chrome.full)} carries ${JSON.stringify(fullParams)}`);
  }
  if (wrong.length) fail(wrong.join('; '));
  await page.close();
}, { viewport: { width: 700, height: 500 } });

check('theme toggle: system → dark → light, each persisting across a reload', async ({ page }) => {
  await waitForApp(page);
  const look = () => page.evaluate(() => ({
    attr: document.documentElement.getAttribute('data-theme'),
    bg: getComputedStyle(document.body).backgroundColor,
    label: document.querySelector('#theme')?.getAttribute('aria-label'),
  }));
  const DARK_BG = 'rgb(13, 17, 23)';
  const LIGHT_BG = 'rgb(247, 248, 250)';
  let s = await look();
  if (s.attr !== null || s.bg !== LIGHT_BG) fail(`first load should follow the (light) system: ${JSON.stringify(s)}`);
  for (const [want, bg] of [['dark', DARK_BG], ['light', LIGHT_BG]]) {
    await page.locator('#theme').click();
    await waitUntil(page, `data-theme="${want}"`, (w) => document.documentElement.getAttribute('data-theme') === w,
      () => `data-theme ${document.documentElement.getAttribute('data-theme')}`, want);
    s = await look();
    if (s.bg !== bg || !s.label?.includes(want)) fail(`after choosing ${want}: ${JSON.stringify(s)}`);
    await page.reload({ waitUntil: 'load' });
    await waitForApp(page);
    await waitUntil(page, `data-theme="${want}" after a reload`, (w) => document.documentElement.getAttribute('data-theme') === w,
      () => `data-theme ${document.documentElement.getAttribute('data-theme')}`, want);
    s = await look();
    if (s.bg !== bg) fail(`after a reload with ${want}: ${JSON.stringify(s)}`);
  }
  await page.locator('#theme').click();
  await waitUntil(page, 'no data-theme (system again)', () => !document.documentElement.hasAttribute('data-theme'),
    () => `data-theme ${document.documentElement.getAttribute('data-theme')}`);
}, { colorScheme: 'light' });

// Describes how the focused element shows its focus: its own outline or box-shadow, or its form's ring.
const FOCUS_RING = () => {
  const el = document.activeElement;
  if (!el || el === document.body) return { id: null };
  const cs = getComputedStyle(el);
  const own = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 1) || cs.boxShadow !== 'none';
  const ring = el.closest('.prompt');
  const around = !!ring && getComputedStyle(ring).boxShadow !== 'none';
  // An outline drawn outside the element is lost when an ancestor clips (overflow: hidden) at its edge.
  let clipped = false;
  if (own && cs.outlineStyle !== 'none' && parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth) > 0) {
    const r = el.getBoundingClientRect();
    for (let a = el.parentElement; a; a = a.parentElement) {
      const acs = getComputedStyle(a);
      if (acs.overflow !== 'visible') {
        const ar = a.getBoundingClientRect();
        const reach = parseFloat(cs.outlineOffset) + parseFloat(cs.outlineWidth);
        if (r.left - reach < ar.left || r.right + reach > ar.right || r.top - reach < ar.top || r.bottom + reach > ar.bottom) clipped = true;
        break;
      }
    }
  }
  return { id: el.id || `${el.tagName.toLowerCase()}.${el.className}`, own, around, clipped };
};

check('terminal: the scrollback keeps every command, clear and Ctrl+L empty it, the history survives a reload', async ({ page }) => {
  await waitForSeedParsed(page);
  const term = page.getByRole('log', { name: 'Terminal' });
  const input = page.getByRole('textbox', { name: /^Command/ });
  await runInConsole(page, 'hostname', ['dnsutils']);
  await runInConsole(page, 'dig +search +short test-headful', ['10.']);
  const cmds = () => term.locator('.cmdline .cmd').allTextContents();
  const shown = await cmds();
  if (shown.slice(-2).join('|') !== 'hostname|dig +search +short test-headful') fail(`scrollback ${JSON.stringify(shown)}`);
  if (!(await term.textContent()).includes('dnsutils$ hostname')) fail('the scrollback lost the first command\'s prompt line');
  if (await input.inputValue() !== '') fail(`the prompt still holds ${JSON.stringify(await input.inputValue())}`);
  // The newest line is in view: the log is scrolled to its bottom.
  const atBottom = await term.evaluate((el) => el.scrollHeight - el.scrollTop - el.clientHeight < 4);
  if (!atBottom) fail('the terminal is not scrolled to its newest line');
  await input.fill('clear');
  await input.press('Enter');
  await waitUntil(page, 'an empty terminal after clear', () => document.querySelectorAll('[role=log] .entry').length === 0,
    () => `${document.querySelectorAll('[role=log] .entry').length} entries`);
  await runInConsole(page, 'hostname', ['dnsutils']);
  await input.press('Control+l');
  await waitUntil(page, 'an empty terminal after Ctrl+L', () => document.querySelectorAll('[role=log] .entry').length === 0,
    () => `${document.querySelectorAll('[role=log] .entry').length} entries`);
  // Up walks back through the history, across a reload.
  await page.reload({ waitUntil: 'load' });
  await waitForApp(page);
  await input.waitFor();
  await waitUntil(page, 'the first answer after the reload', () => !!document.querySelector('#dig-output:not(.pending)'), () => 'no answer', undefined, LOAD_MS);
  await input.focus();
  const seen = [];
  for (let i = 0; i < 4; i++) { await input.press('ArrowUp'); seen.push(await input.inputValue()); }
  if (seen.join('|') !== 'hostname|clear|dig +search +short test-headful|hostname') fail(`history after a reload: ${JSON.stringify(seen)}`);
  await input.press('ArrowDown');
  if (await input.inputValue() !== 'dig +search +short test-headful') fail(`ArrowDown gave ${await input.inputValue()}`);
});

check('terminal: Tab completes commands, Service names and kubectl words, and lists the matches when several fit', async ({ page }) => {
  await waitForSeedParsed(page);
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('nsl');
  await input.press('Tab');
  if (await input.inputValue() !== 'nslookup ') fail(`nsl⇥ gave ${JSON.stringify(await input.inputValue())}`);
  await input.pressSequentially('test-headl');
  await input.press('Tab');
  if (await input.inputValue() !== 'nslookup test-headless') fail(`test-headl⇥ gave ${JSON.stringify(await input.inputValue())}`);
  const offered = await page.getByRole('status', { name: 'Completions' }).locator('li').allTextContents();
  for (const w of ['test-headless', 'test-headless.default', 'test-headless.default.svc.cluster.local']) {
    if (!offered.includes(w)) fail(`the matches ${JSON.stringify(offered)} lack ${w}`);
  }
  await input.pressSequentially('.default.s');
  await input.press('Tab');
  if (await input.inputValue() !== 'nslookup test-headless.default.svc.cluster.local ') fail(`FQDN⇥ gave ${JSON.stringify(await input.inputValue())}`);
  await input.press('Enter');
  await waitUntil(page, 'the completed nslookup answered', () => document.querySelector('#dig-output:not(.pending)')?.dataset.command === 'nslookup test-headless.default.svc.cluster.local',
    () => `ran ${document.querySelector('#dig-output')?.dataset.command}`, undefined, OUTPUT_MS);
  await input.fill('kubectl get endpoints');
  await input.press('Tab');
  if (await input.inputValue() !== 'kubectl get endpoints') {
    // "endpoints" and "endpointslices" both fit: nothing to add, both listed.
    fail(`kubectl get endpoints⇥ gave ${JSON.stringify(await input.inputValue())}`);
  }
  // On an empty line, and with nothing to complete, Tab moves the focus on.
  await input.fill('');
  await input.press('Tab');
  if (await page.evaluate(() => document.activeElement?.id) === 'dig-input') fail('Tab on an empty line kept the focus');
  await input.fill('hostname ');
  await input.press('Tab');
  if (await page.evaluate(() => document.activeElement?.id) === 'dig-input') fail('Tab with nothing to complete kept the focus');
});

check('lessons: a step link opens the step, a wrong and a right prediction are judged, progress survives a reload, Try it for real', async ({ page }) => {
  // The page is already open on APP_URL: a new fragment alone would not reload the app (and the
  // app would write its own state over it), so leave the page first.
  await page.goto('about:blank');
  await page.goto(`${APP_URL}#lesson=clusterip-vs-headless&step=1`, { waitUntil: 'load' });
  const lesson = page.getByRole('region', { name: 'ClusterIP vs headless' });
  await lesson.waitFor({ timeout: LOAD_MS });
  if (!(await lesson.textContent()).includes('Step 1 of 3')) fail('not on step 1 of 3');
  // Nothing ran by itself: the answer is not shown before the question is answered.
  if (await page.locator('#dig-output').count()) fail('a command ran before the prediction');
  const guess = page.getByRole('textbox', { name: /^Your prediction/ });
  await guess.fill('3');
  await page.getByRole('button', { name: 'Reveal' }).click();
  const verdict = lesson.getByRole('status');
  await verdict.waitFor({ timeout: UPDATE_MS });
  let text = await verdict.textContent();
  if (!text.startsWith('Not quite.') || !text.includes('1 record')) fail(`a wrong count: ${JSON.stringify(text)}`);
  // The revealed command runs in the terminal.
  await waitUntil(page, 'the revealed command in the terminal', () => document.querySelector('#dig-output:not(.pending)')?.dataset.command === 'dig +search +short test-headful',
    () => `ran ${document.querySelector('#dig-output')?.dataset.command}`, undefined, OUTPUT_MS);
  await lesson.getByRole('button', { name: 'Next step →' }).click();
  await waitUntil(page, 'step 2 in the address bar', () => location.hash.includes('lesson=clusterip-vs-headless') && location.hash.includes('step=2'),
    () => location.hash);
  const ips = [];
  for (const pod of ['default/test-1', 'default/test-2', 'default/test-3']) ips.push(await podIp(page, pod));
  await guess.fill(ips.reverse().join(', '));
  await guess.press('Enter');
  await verdict.waitFor({ timeout: UPDATE_MS });
  text = await verdict.textContent();
  if (!text.startsWith('Right.')) fail(`three pod IPs judged ${JSON.stringify(text)}`);
  // A not-an-address guess is a hint, neither right nor wrong.
  await lesson.getByRole('button', { name: /^Step 3/ }).click();
  await lesson.getByRole('radio', { name: /^NXDOMAIN/ }).check();
  await page.getByRole('button', { name: 'Reveal' }).click();
  await verdict.waitFor({ timeout: UPDATE_MS });
  if (!(await verdict.textContent()).startsWith('Right.')) fail('test-1.test-headless is NXDOMAIN');
  // Try it for real: a script with the manifests, a dnsutils pod and the step's commands.
  await lesson.getByRole('button', { name: 'Try it for real' }).click();
  const script = await page.getByRole('region', { name: 'ClusterIP vs headless' }).locator('.try-real pre').textContent();
  for (const w of ['kubectl apply', 'kubectl run dnsutils', 'clusterIP: None', 'dig +search +short test-headless']) {
    if (!script.includes(w)) fail(`the script lacks ${w}`);
  }
  // Progress is kept in this browser.
  await page.reload({ waitUntil: 'load' });
  await lesson.waitFor({ timeout: LOAD_MS });
  // The link carried the revealed command: it runs again first.
  await page.locator('#dig-output:not(.pending)').waitFor({ timeout: OUTPUT_MS });
  await lesson.getByRole('button', { name: 'All lessons', exact: true }).click();
  const list = page.getByRole('region', { name: 'Lessons' });
  await list.waitFor();
  const first = await list.locator('li').first().textContent();
  if (!first.includes('3/3')) fail(`progress after a reload: ${JSON.stringify(first)}`);
});

check('corefile: a pasted coredns ConfigMap sets the cluster domain and the TTL, and the Corefile in use is shown', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const cm = ['---', 'apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: coredns', '  namespace: kube-system', 'data:', '  Corefile: |',
    '    .:53 {', '        errors', '        kubernetes cluster.example in-addr.arpa ip6.arpa {', '           pods insecure', '           ttl 7', '        }',
    '        forward . /etc/resolv.conf', '        cache 30', '        loadbalance', '    }', ''].join('\n');
  await page.locator('#yaml').fill(seed.replace(/\n*$/, '\n') + cm);
  const out = await runInConsole(page, 'dig +search test-headful', ['test-headful.default.svc.cluster.example.', 'status: NOERROR']);
  if (!/test-headful\.default\.svc\.cluster\.example\.\s+7\s+IN\s+A/.test(out)) fail(`no TTL 7 under cluster.example: ${out.slice(0, 600)}`);
  await page.locator('details.corefile > summary').click();
  const shown = await page.getByLabel('Corefile in use').textContent();
  if (!shown.includes('kubernetes cluster.example')) fail(`the Corefile shown: ${shown}`);
  const from = await page.locator('.corefile-from').textContent();
  if (!from.startsWith('From the ConfigMap kube-system/coredns, line')) fail(`the Corefile's origin: ${from}`);
});

check('editor: undo and redo cover typing and the pod toggles; Reset to scenario; a reload keeps the edit', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const yaml = page.getByRole('textbox', { name: /^Manifests/ });
  const undo = page.getByRole('button', { name: 'Undo', exact: true });
  const redo = page.getByRole('button', { name: 'Redo', exact: true });
  if (!(await undo.isDisabled())) fail('Undo is enabled before any change');
  await yaml.fill(seed + '\n# my note\n');
  await waitUntil(page, 'the edit taken', () => document.querySelector('#preset')?.value === '', () => `preset ${document.querySelector('#preset')?.value}`);
  const box = page.locator('#pods tbody tr', { hasText: 'test-1' }).getByRole('checkbox');
  await box.uncheck();
  await waitUntil(page, 'test-1 not ready', () => [...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.textContent.includes('test-1') && !tr.querySelector('input[type=checkbox]').checked), () => 'still ready');
  await undo.click();
  await waitUntil(page, 'undo brings test-1 back', () => [...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.textContent.includes('test-1') && tr.querySelector('input[type=checkbox]').checked), () => 'still not ready');
  if (!(await yaml.inputValue()).includes('# my note')) fail('undoing the toggle also undid the edit');
  // Ctrl+Z in the editor undoes the typing.
  await yaml.focus();
  await yaml.press('Control+z');
  await waitUntil(page, 'the seed text again', (s) => document.querySelector('#yaml').value === s, () => 'text differs', seed);
  await yaml.press('Control+Shift+z');
  await waitUntil(page, 'redo of the edit', () => document.querySelector('#yaml').value.includes('# my note'), () => 'no note');
  await redo.click();
  await waitUntil(page, 'redo of the toggle', () => [...document.querySelectorAll('#pods tbody tr')].some((tr) => tr.textContent.includes('test-1') && !tr.querySelector('input[type=checkbox]').checked), () => 'test-1 still ready');
  // The edit survives opening the bare page again (no fragment): autosaved, and it says so.
  await page.waitForTimeout(600); // the autosave waits for typing to pause (400 ms)
  await page.goto(APP_URL.replace(/#.*$/, ''), { waitUntil: 'load' });
  await waitForApp(page);
  await waitUntil(page, 'the autosaved edit restored', () => (document.querySelector('#yaml')?.value ?? '').includes('# my note'), () => 'not restored', undefined, LOAD_MS);
  const note = await page.getByRole('status').filter({ hasText: 'Restored your last edit' }).count();
  if (note !== 1) fail('no "Restored your last edit" note');
  // Reset to scenario: the seed and no toggles, in one undoable step.
  await page.getByRole('button', { name: /^Reset to/ }).click();
  await waitUntil(page, 'the seed after Reset', (s) => document.querySelector('#yaml').value === s && document.querySelector('#preset').value !== '', () => 'not reset', seed);
  await undo.click();
  await waitUntil(page, 'undo of the reset', () => document.querySelector('#yaml').value.includes('# my note'), () => 'no note');
});

check('editor: keys, values and comments are coloured behind the textarea, a diagnostic is underlined at its column', async ({ page }) => {
  const seed = await waitForSeedParsed(page);
  const yaml = page.getByRole('textbox', { name: /^Manifests/ });
  if (await yaml.evaluate((el) => el.tagName) !== 'TEXTAREA') fail('the editor is not a textarea');
  await yaml.fill(seed.replace('clusterIP: None', 'clusterIp: None  # typo'));
  await waitUntil(page, 'the typo underlined as a warning, keys and the comment coloured',
    () => [...document.querySelectorAll('.hl .sq-warn')].some((e) => e.textContent === 'clusterIp')
      && [...document.querySelectorAll('.hl .t-key')].some((e) => e.textContent === 'apiVersion')
      && [...document.querySelectorAll('.hl .t-comment')].some((e) => e.textContent === '# typo')
      && [...document.querySelectorAll('.hl .t-num')].some((e) => e.textContent === '8080'),
    () => `marks: ${JSON.stringify([...document.querySelectorAll('.hl [class*=sq-]')].map((e) => e.className + ':' + e.textContent))}`);
  // The coloured copy lines up with the textarea's text, line for line, also when scrolled.
  await yaml.evaluate((el) => { el.scrollTop = 120; el.dispatchEvent(new Event('scroll')); });
  await waitUntil(page, 'the copy following the scroll', () => /translate\(-?0px, -120px\)/.test(document.querySelector('.hl').getAttribute('style') ?? ''),
    () => `style ${document.querySelector('.hl').getAttribute('style')}`);
  const same = await page.evaluate(() => {
    const lines = [...document.querySelectorAll('.hl .hl-line')].map((d) => d.textContent);
    const text = document.querySelector('#yaml').value.split('\n');
    return lines.every((l, i) => l.trimEnd() === text[i].trimEnd());
  });
  if (!same) fail('the highlighted lines differ from the textarea\'s');
});

check('shortcuts: ? lists the keys in a dialog, Escape closes it', async ({ page }) => {
  await waitForSeedParsed(page);
  await page.locator('h1').click();
  await page.keyboard.press('?');
  const dialog = page.getByRole('dialog', { name: 'Keyboard shortcuts' });
  await dialog.waitFor({ timeout: UPDATE_MS });
  const text = await dialog.textContent();
  for (const k of ['Ctrl+L', 'Ctrl+Z', 'Tab', 'Space or K']) if (!text.includes(k)) fail(`the list lacks ${k}`);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached', timeout: UPDATE_MS });
  // Typing ? in a text box types it.
  const input = page.getByRole('textbox', { name: /^Command/ });
  await input.fill('');
  await input.press('?');
  if (await input.inputValue() !== '?' || await dialog.count()) fail('? in the command box opened the dialog');
});

check('keyboard: Tab reaches #yaml, #client, #dig-input and #dig-run in that order, each with a visible focus ring', async ({ page }) => {
  await waitForSeedParsed(page);
  const wanted = ['yaml', 'client', 'dig-input', 'dig-run'];
  const seen = [];
  const rings = {};
  for (let i = 0; i < 80 && !seen.includes('dig-run'); i++) {
    await page.keyboard.press('Tab');
    const f = await page.evaluate(FOCUS_RING);
    seen.push(f.id);
    if (wanted.includes(f.id)) rings[f.id] = f;
  }
  const at = wanted.map((id) => seen.indexOf(id));
  if (at.some((i) => i < 0) || at.some((i, k) => k > 0 && i < at[k - 1])) fail(`Tab order ${JSON.stringify(seen)}`);
  const bad = wanted.filter((id) => !(rings[id].own || rings[id].around) || rings[id].clipped);
  if (bad.length) fail(`no visible focus on ${bad.map((id) => JSON.stringify(rings[id])).join(', ')}`);
  // Enter on the focused Run button runs the command.
  await page.keyboard.press('Enter');
  await waitUntil(page, 'an answer after Enter on #dig-run', () => !!document.querySelector('#dig-output:not(.pending)'),
    () => 'no finished #dig-output', undefined, OUTPUT_MS);
});

check('timing: navigation to the first dig answer from a link with cmd=dig (cold cache)', async ({ context, watch }) => {
  const url = `${APP_URL}#v=1&preset=headful-vs-headless&cmd=${encodeURIComponent('dig test-headless.default.svc.cluster.local')}`;
  // A new context (empty HTTP cache: the wasm is fetched and compiled again) and so a new page:
  // going to the same URL with another fragment would not reload the app.
  const cold = await context.browser().newContext({ viewport: { width: 1280, height: 800 } });
  await cold.addInitScript(PAGE_HELPERS);
  // Records each state #dig-output goes through: an answer must not show, vanish, then show again.
  await cold.addInitScript(() => {
    globalThis.__outputStates = [];
    new MutationObserver(() => {
      const out = document.querySelector('#dig-output');
      const st = !out ? 'none' : out.classList.contains('pending') ? 'pending' : out.textContent.includes('ANSWER SECTION') ? 'answer' : 'other';
      if (__outputStates[__outputStates.length - 1] !== st) __outputStates.push(st);
    }).observe(document, { childList: true, subtree: true, attributes: true, characterData: true });
  });
  const page = watch(await cold.newPage());
  const t0 = Date.now();
  await page.goto(url, { waitUntil: 'commit' });
  await waitUntil(page, 'the dig answer in #dig-output',
    () => (document.querySelector('#dig-output:not(.pending)')?.textContent ?? '').includes(';; ANSWER SECTION:'),
    () => `#dig-output: ${JSON.stringify(document.querySelector('#dig-output')?.textContent.slice(0, 200) ?? '(missing)')}`,
    undefined, LOAD_MS + OUTPUT_MS);
  const wall = Date.now() - t0;
  const inPage = Math.round(await page.evaluate(() => performance.now()));
  console.log(`    timing: navigation to first dig answer visible (link with cmd=, includes the animation up to CoreDNS's verdict): ${wall} ms wall, ${inPage} ms page clock`);
  const states = await page.evaluate(() => globalThis.__outputStates);
  await cold.close();
  if (wall > 15_000) fail(`took ${wall} ms`);
  if (states.indexOf('answer') !== states.length - 1) fail(`#dig-output flickered: ${JSON.stringify(states)}`);
});

check('timing: a 1 MB kubectl List of Services and Pods pasted into #yaml updates #objects and #diagnostics', async ({ page }) => {
  await waitForSeedParsed(page);
  const items = [];
  let size = 0;
  for (let i = 0; size < 1_000_000; i++) {
    const svc = [
      '- apiVersion: v1', '  kind: Service', '  metadata:',
      '    annotations:', `      kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Service","metadata":{"name":"svc-${i}"}}'`,
      '    creationTimestamp: "2026-11-20T09:14:03Z"', `    name: svc-${i}`, '    namespace: default',
      `    resourceVersion: "${40000 + i}"`, `    uid: 5b0e4c1e-8f5f-4d2a-9d0b-${String(i).padStart(12, '0')}`,
      '  spec:', '    clusterIP: None', '    clusterIPs:', '    - None', '    ports:', '    - name: http', '      port: 80', '      protocol: TCP',
      '      targetPort: 80', '    selector:', `      app: app-${i}`, '    sessionAffinity: None', '    type: ClusterIP', '  status:', '    loadBalancer: {}',
    ];
    const pod = [
      '- apiVersion: v1', '  kind: Pod', '  metadata:', '    creationTimestamp: "2026-11-20T09:14:05Z"',
      '    labels:', `      app: app-${i}`, `    name: pod-${i}`, '    namespace: default',
      `    resourceVersion: "${50000 + i}"`, `    uid: 7c1f5d2f-9a6b-4e3c-8e1c-${String(i).padStart(12, '0')}`,
      '  spec:', '    containers:', '    - image: nginx:1.27', '      name: web', '      ports:', '      - containerPort: 80',
      '        protocol: TCP', '    dnsPolicy: ClusterFirst', '    nodeName: worker-1', '    restartPolicy: Always',
      '  status:', '    conditions:', '    - status: "True"', '      type: Ready', '    phase: Running',
    ];
    items.push(svc.join('\n'), pod.join('\n'));
    size += svc.join('\n').length + pod.join('\n').length + 2;
  }
  // One hand-made slip at the end, so the diagnostics have something to show: the last Service's clusterIp.
  const last = items.length - 2;
  const lastSvc = items[last].split('\n');
  const at = lastSvc.indexOf('    clusterIP: None');
  lastSvc[at] = '    clusterIp: None';
  items[last] = lastSvc.join('\n');
  const list = `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`;
  const typoLine = list.split('\n').indexOf('    clusterIp: None') + 1;
  const n = items.length / 2 - 1;
  const t0 = Date.now();
  // One input event with the whole text, as a paste gives (Playwright's fill() is far slower than a paste).
  // A MutationObserver stamps (page clock, from the input event) when #objects and #diagnostics show it,
  // and when the page next gets to paint (the browser's main thread is free again).
  await page.evaluate(({ v, n, ln }) => {
    const t = document.querySelector('#yaml');
    const marks = {};
    globalThis.__pasteMarks = marks;
    const start = performance.now();
    const stamp = () => {
      // #objects is windowed: its rows say where they sit in the whole list (aria-setsize / aria-posinset).
      if (marks.objects === undefined && document.querySelector('#objects li')?.getAttribute('aria-setsize') === String(2 * (n + 1))) marks.objects = performance.now() - start;
      if (marks.diagnostics === undefined && document.querySelector(`#diagnostics li[data-line="${ln}"]`)) marks.diagnostics = performance.now() - start;
      if (marks.objects !== undefined && marks.diagnostics !== undefined) {
        obs.disconnect();
        requestAnimationFrame(() => { marks.painted = performance.now() - start; });
      }
    };
    const obs = new MutationObserver(stamp);
    obs.observe(document.body, { childList: true, subtree: true });
    t.value = v;
    t.dispatchEvent(new Event('input', { bubbles: true }));
  }, { v: list, n, ln: typoLine });
  await waitUntil(page, `#objects listing ${items.length} objects`,
    (total) => document.querySelector('#objects li')?.getAttribute('aria-setsize') === String(total),
    () => describeItems('#objects'), items.length, 20_000);
  // Scrolled to its end, the list shows the List's last objects.
  await page.evaluate(() => { const ul = document.querySelector('#objects'); const box = ul.closest('.win') ?? ul; box.scrollTop = box.scrollHeight; });
  await objectsInclude(page, `#objects listing Service default/svc-${n} and Pod default/pod-${n}`, [`Service default/svc-${n}`, `Pod default/pod-${n}`], 5_000);
  await waitUntil(page, `a #diagnostics warning on line ${typoLine}`,
    (ln) => !!document.querySelector(`#diagnostics li[data-line="${ln}"]`),
    () => describeItems('#diagnostics'), typoLine, 5_000);
  await waitUntil(page, 'the paste timings', () => globalThis.__pasteMarks?.painted !== undefined,
    () => JSON.stringify(globalThis.__pasteMarks), undefined, 5_000);
  const wall = Date.now() - t0;
  const marks = await page.evaluate(() => globalThis.__pasteMarks);
  // The app's own User Timing measures (src/ui/mod.rs `timed`): the last edit's core work.
  const core = await page.evaluate(() => Object.fromEntries(['model::parse', 'Cluster::build']
    .map((n) => [n, performance.getEntriesByName(n).at(-1)?.duration])));
  // The last row's place in the list is the list's length.
  const count = await page.evaluate(() => Number(document.querySelector('#objects li:last-child')?.getAttribute('aria-posinset')));
  console.log(`    timing: ${(list.length / 1e6).toFixed(2)} MB List (${items.length} objects) pasted: #objects updated ${Math.round(marks.objects)} ms, `
    + `#diagnostics updated ${Math.round(marks.diagnostics)} ms, next paint ${Math.round(marks.painted)} ms (page clock; includes the 250 ms debounce); ${wall} ms until the test saw both`);
  console.log(`    timing: of that, in wasm: model::parse ${Math.round(core['model::parse'])} ms, Cluster::build (with diagnostics) ${Math.round(core['Cluster::build'])} ms; the rest is debounce and rendering`);
  if (!(core['model::parse'] > 0) || !(core['Cluster::build'] > 0)) fail(`the app recorded no User Timing measures: ${JSON.stringify(core)}`);
  if (marks.painted > 20_000) fail(`the paste took ${Math.round(marks.painted)} ms to show`);
  if (count !== items.length) fail(`#objects has ${count} items, the List has ${items.length}`);
});

// Contrast of every visible text against the background it sits on (WCAG 2 relative luminance).
const CONTRAST_REPORT = () => {
  const parse = (c) => {
    const m = c.match(/rgba?\(([\d.]+),\s*([\d.]+),\s*([\d.]+)(?:,\s*([\d.]+))?\)/);
    return m ? [Number(m[1]), Number(m[2]), Number(m[3]), m[4] === undefined ? 1 : Number(m[4])] : null;
  };
  const lum = ([r, g, b]) => {
    const f = (v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const bgOf = (el) => {
    for (let e = el; e; e = e.parentElement) {
      const c = parse(getComputedStyle(e).backgroundColor);
      if (c && c[3] > 0.5) return c;
    }
    return parse(getComputedStyle(document.body).backgroundColor);
  };
  const bad = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  const done = new Set();
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!n.textContent.trim() || !el || done.has(el)) continue;
    done.add(el);
    if (el.closest('option, .sr-only, [disabled], noscript, script, style')) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    const cs = getComputedStyle(el);
    if (cs.visibility === 'hidden') continue;
    // SVG text is painted with `fill`, over the shape drawn before it in its group (a box, a
    // chip), or else over the page behind the drawing.
    const svgText = el instanceof SVGElement;
    const fg = parse(svgText ? cs.fill : cs.color);
    let bg = bgOf(svgText ? el.closest('svg').parentElement : el);
    const halo = svgText && cs.paintOrder.startsWith('stroke') && parseFloat(cs.strokeWidth) >= 2 ? parse(cs.stroke) : null;
    if (halo) {
      bg = halo; // a label drawn with a halo of the panel's colour reads against its halo
    } else if (svgText) {
      for (let sib = el.previousElementSibling; sib; sib = sib.previousElementSibling) {
        const f = ['rect', 'circle', 'polygon', 'path'].includes(sib.tagName) ? parse(getComputedStyle(sib).fill) : null;
        if (f && f[3] > 0.5) { bg = f; break; }
      }
    }
    if (!fg || !bg) continue;
    const [hi, lo] = [lum(fg), lum(bg)].sort((a, b) => b - a);
    const ratio = (hi + 0.05) / (lo + 0.05);
    const size = parseFloat(cs.fontSize);
    const large = size >= 24 || (size >= 18.66 && Number(cs.fontWeight) >= 700);
    if (ratio < (large ? 3 : 4.5)) bad.push(`${el.tagName.toLowerCase()}.${el.getAttribute('class') ?? ''} "${n.textContent.trim().slice(0, 30)}" ${ratio.toFixed(2)}:1 (${cs.color} on rgb(${bg.slice(0, 3).join(', ')}))`);
  }
  return bad;
};

// Brings the page to a state that shows most of the UI: the SRV dig (long lines), a pod not ready.
async function showcase(page) {
  await waitForSeedParsed(page);
  await runInConsole(page, 'dig SRV _http._tcp.test-headless.default.svc.cluster.local', [';; ANSWER SECTION:']);
  await page.locator('#pods').getByLabel('test-2 is ready').uncheck();
  await waitUntil(page, 'test-2 shown as not ready', () => !!document.querySelector('#pods tr.not-ready'), () => 'no tr.not-ready');
  await page.evaluate(() => document.fonts.ready);
}

const VIEWPORTS = [
  ['laptop', { width: 1366, height: 768 }],
  ['phone', { width: 375, height: 812 }],
];
for (const [vp, viewport] of VIEWPORTS) {
  for (const colorScheme of ['light', 'dark']) {
    const opts = { viewport, colorScheme, isMobile: vp === 'phone', hasTouch: vp === 'phone' };
    check(`screenshot ${vp} ${viewport.width}x${viewport.height} ${colorScheme}: no page-wide horizontal scroll, text contrast >= 4.5:1`, async ({ page }) => {
      await showcase(page);
      const path = `${ARTIFACTS}${vp}-${colorScheme}.png`;
      await page.screenshot({ path, fullPage: true });
      const wrong = [];
      const widths = await page.evaluate(() => ({
        page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth,
        out: document.querySelector('#dig-output').scrollWidth, outBox: document.querySelector('#dig-output').clientWidth,
        outRight: document.querySelector('#dig-output').getBoundingClientRect().right,
      }));
      if (widths.page > widths.view) wrong.push(`the page scrolls sideways: ${JSON.stringify(widths)}`);
      if (widths.outRight > widths.view) wrong.push(`#dig-output sticks out of the viewport: ${JSON.stringify(widths)}`);
      const low = await page.evaluate(CONTRAST_REPORT);
      if (low.length) wrong.push(`low contrast: ${low.join('; ')}`);
      if (wrong.length) fail(wrong.join('; '));
    }, opts);
  }
}
// A lesson step after a reveal: laptop light and phone dark, no sideways scroll, contrast.
for (const [vp, viewport, colorScheme] of [['laptop', { width: 1366, height: 768 }, 'light'], ['phone', { width: 375, height: 812 }, 'dark']]) {
  check(`screenshot ${vp} ${colorScheme}: a lesson step revealed, with the terminal and Try it for real`, async ({ page }) => {
    await page.goto('about:blank');
    await page.goto(`${APP_URL}#lesson=search-list&step=2`, { waitUntil: 'load' });
    await page.locator('.lesson').waitFor({ timeout: LOAD_MS });
    await page.getByRole('textbox', { name: /^Your prediction/ }).fill('2');
    await page.getByRole('button', { name: 'Reveal' }).click();
    await page.locator('.reveal').waitFor();
    await page.locator('#dig-output:not(.pending)').waitFor({ timeout: OUTPUT_MS });
    await page.getByRole('button', { name: 'Try it for real' }).click();
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: `${ARTIFACTS}lesson-${vp}-${colorScheme}.png`, fullPage: true });
    const wrong = [];
    const w = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
    if (w.page > w.view) wrong.push(`the page scrolls sideways: ${JSON.stringify(w)}`);
    const low = await page.evaluate(CONTRAST_REPORT);
    if (low.length) wrong.push(`low contrast: ${low.join('; ')}`);
    if (wrong.length) fail(wrong.join('; '));
  }, { viewport, colorScheme, isMobile: vp === 'phone', hasTouch: vp === 'phone' });
}
// The same look with a diagnostic showing and the focus on the command input (laptop, both schemes).
for (const colorScheme of ['light', 'dark']) {
  check(`screenshot laptop ${colorScheme} with a warning and the input focused: contrast >= 4.5:1`, async ({ page }) => {
    const seed = await waitForSeedParsed(page);
    await page.locator('#yaml').fill(seed.replace('clusterIP: None', 'clusterIp: None'));
    await waitUntil(page, 'a warning', () => !!document.querySelector('#diagnostics li.warning'), describeItems, '#diagnostics');
    await page.locator('#dig-input').focus();
    await page.screenshot({ path: `${ARTIFACTS}laptop-${colorScheme}-warning.png`, fullPage: false });
    const low = await page.evaluate(CONTRAST_REPORT);
    if (low.length) fail(`low contrast: ${low.join('; ')}`);
  }, { viewport: { width: 1366, height: 768 }, colorScheme });
}

// The animated answer in its states (a search walk paused at a verdict, Compare open with a pod not
// ready), per viewport and colour scheme: screenshots to look at, no sideways page scroll, contrast.
for (const [vp, viewport] of VIEWPORTS) {
  for (const colorScheme of ['light', 'dark']) {
    const opts = { viewport, colorScheme, isMobile: vp === 'phone', hasTouch: vp === 'phone' };
    check(`screenshot ${vp} ${colorScheme}: the query path mid-walk and the Compare view`, async ({ page }) => {
      await waitForSeedParsed(page);
      const coredns = await page.evaluate(() => [...document.querySelectorAll('#client option')].map((o) => o.value).find((v) => v.startsWith('kube-system/coredns-')));
      await page.locator('#client').selectOption(coredns);
      await runInConsole(page, 'dig +search test-headless', ['status: NXDOMAIN']);
      const controls = mainControls(page);
      await controls.getByRole('button', { name: 'Restart' }).click();
      for (let i = 0; i < 6; i++) await controls.getByRole('button', { name: 'Next step' }).click();
      await waitUntil(page, 'step 7 current', () => __twin().current === 6, describeTwin);
      await page.locator('figure.diagram').first().scrollIntoViewIfNeeded();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `${ARTIFACTS}${vp}-${colorScheme}-walk.png` });
      const wrong = [];
      const wide = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      if (wide.page > wide.view) wrong.push(`the page scrolls sideways mid-walk: ${JSON.stringify(wide)}`);
      // On a phone the stacked drawing shows, and it fits without scrolling.
      const fit = await page.evaluate(() => {
        const box = [...document.querySelectorAll('.player > figure .svg-scroll')].find((d) => d.offsetParent !== null);
        return { cls: box?.className, scroll: box?.scrollWidth, client: box?.clientWidth };
      });
      if (vp === 'phone' && !(fit.cls?.includes('narrow') && fit.scroll <= fit.client + 1)) wrong.push(`phone drawing: ${JSON.stringify(fit)}`);
      await page.locator('#client').selectOption('default/dnsutils');
      await runInConsole(page, 'dig test-headful.default.svc.cluster.local', ['ANSWER: 1,']);
      await page.getByLabel('test-2 is ready').uncheck();
      await page.getByRole('button', { name: 'Compare' }).click();
      await waitUntil(page, 'the Compare table', () => document.querySelectorAll('.diffs tbody tr').length >= 4,
        () => `compare: ${JSON.stringify(document.querySelector('.compare')?.innerText.slice(0, 300) ?? '(missing)')}`);
      await page.locator('.compare').scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${ARTIFACTS}${vp}-${colorScheme}-compare.png`, fullPage: vp === 'phone' });
      const wide2 = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      if (wide2.page > wide2.view) wrong.push(`the page scrolls sideways with Compare open: ${JSON.stringify(wide2)}`);
      const low = await page.evaluate(CONTRAST_REPORT);
      if (low.length) wrong.push(`low contrast: ${low.join('; ')}`);
      if (wrong.length) fail(wrong.join('; '));
    }, opts);
  }
}

// ---- Kafka ---------------------------------------------------------------------------------------
const KAFKA_MS = 10_000;
// The Kafka view's step list, current step and key readout (scoped to #kafka: the DNS player has its
// own), installed in the page by openKafka as __kafka().
const KAFKA_HELPERS = () => { globalThis.__kafka = () => {
  const items = [...document.querySelectorAll('#kafka .twin-steps li')];
  return {
    captions: items.map((li) => li.querySelector('.twin-seek')?.textContent ?? ''),
    outcomes: items.map((li) => li.dataset.outcome),
    current: items.findIndex((li) => li.getAttribute('aria-current') === 'step'),
    partition: document.querySelector('#kafka-partition')?.textContent ?? '',
  };
}; };
const kafkaTwin = (page) => page.evaluate(() => __kafka());
const describeKafka = () => {
  const t = __kafka();
  return `key readout ${JSON.stringify(t.partition)}; ${t.captions.length} step(s), current ${t.current}: ${JSON.stringify(t.captions.slice(0, 60).map((c) => c.slice(0, 90)))}`;
};
async function openKafka(page) {
  await waitForSeedParsed(page);
  await page.evaluate(KAFKA_HELPERS);
  await page.locator('#preset').selectOption('kafka');
  await objectsInclude(page, '#objects listing the Kafka objects', ['StatefulSet kafka/kafka']);
  await page.getByRole('button', { name: 'Kafka', exact: true }).click();
  await waitUntil(page, 'the Kafka view with its "Record key" input',
    () => !!document.querySelector('#kafka #kafka-key'), () => `#kafka: ${JSON.stringify(document.querySelector('#kafka')?.innerText.slice(0, 200) ?? '(missing)')}`);
}
// Types `key` and returns the partition number and leader pod the readout shows for it.
async function typeKey(page, key) {
  await page.getByLabel('Record key').fill(key);
  await waitUntil(page, `the readout for key ${key}`, () => /^partition \d+ \(orders-\d+\), leader kafka-\d+/.test(__kafka().partition), describeKafka);
  const text = await page.locator('#kafka-partition').textContent();
  const [, p, leader] = text.match(/^partition (\d+) \(orders-\d+\), leader (kafka-\d+)/);
  return { p: Number(p), leader };
}
const kafkaControls = (page) => page.getByRole('group', { name: 'Kafka playback', exact: true });
// Jumps to the last step and returns the step list.
async function kafkaEnd(page) {
  await kafkaControls(page).getByRole('button', { name: 'Restart' }).click();
  await page.locator('#kafka figure.diagram').focus();
  await page.keyboard.press('End');
  await waitUntil(page, 'the last Kafka step current', () => { const t = __kafka(); return t.captions.length > 0 && t.current === t.captions.length - 1; }, describeKafka);
  return kafkaTwin(page);
}

check('kafka: a typed key shows its partition and leader at once; Produce delivers the record to that leader', async ({ page }) => {
  await openKafka(page);
  // Kafka's default partitioner: murmur2("order-7") & 0x7fffffff % 3.
  const { p, leader } = await typeKey(page, 'order-7');
  if (p !== 1) fail(`order-7 hashes to partition ${p}, expected 1`);
  await page.getByRole('radio', { name: 'per-pod headless name' }).check();
  await page.getByRole('button', { name: 'Produce' }).click();
  await waitUntil(page, 'the run reaching the leader\'s acknowledgement',
    (want) => __kafka().captions.some((c) => c.includes(`${want.leader} leads orders-${want.p}: it appends the record at offset 0`)),
    describeKafka, { p, leader }, KAFKA_MS);
  const t = await kafkaEnd(page);
  if (!t.captions.some((c) => c.includes(`${leader}.kafka-hs.kafka.svc.cluster.local`))) fail(`no DNS lookup of ${leader}'s per-pod name: ${JSON.stringify(t.captions)}`);
  if (t.outcomes.includes('error')) fail(`errors on the headless pattern: ${JSON.stringify(t.captions)}`);
  if (!/^t\+[\d.]+ m?s · In all: 1 record sent, 1 delivered/.test(t.captions[t.current])) fail(`last step ${JSON.stringify(t.captions[t.current])}`);
  const summary = await page.locator('#kafka .kafka-summary').textContent();
  if (!summary.includes('1 delivered') || !summary.includes('0 failed')) fail(`summary ${JSON.stringify(summary)}`);
  // One image named after Kafka, with a description; the step list and the playback are labelled.
  if (await page.getByRole('img', { name: /Kafka/ }).count() !== 1) fail('no single img whose name contains "Kafka"');
  const desc = await page.evaluate(() => { const svg = [...document.querySelectorAll('#kafka svg.kafka-path')].find((s) => s.getClientRects().length > 0); return document.getElementById(svg?.getAttribute('aria-describedby'))?.textContent; });
  if (!/Kafka producer .* 1 delivered, 0 failed/.test(desc ?? '')) fail(`description ${JSON.stringify(desc)}`);
  if (await page.getByRole('list', { name: 'Kafka steps' }).count() !== 1) fail('no list named "Kafka steps"');
  const live = await page.evaluate(() => document.querySelector('#kafka [aria-live="polite"]')?.textContent);
  if (live !== t.captions[t.current]) fail(`aria-live says ${JSON.stringify(live)}`);
});

check('kafka: the ClusterIP pattern lands on another broker and spells out NOT_LEADER_OR_FOLLOWER (error 6)', async ({ page }) => {
  await openKafka(page);
  const { p } = await typeKey(page, 'order-7');
  await page.getByRole('radio', { name: 'ClusterIP bootstrap Service' }).check();
  await page.getByRole('button', { name: 'Produce' }).click();
  // Playback pauses itself at the first error 6.
  await waitUntil(page, 'playback paused on the first NOT_LEADER_OR_FOLLOWER',
    (p) => {
      const t = __kafka();
      const play = document.querySelector('#kafka .controls button[aria-label="Play"]');
      return t.current >= 0 && new RegExp(`NOT_LEADER_OR_FOLLOWER \\(error 6\\): kafka-\\d+ does not lead orders-${p}\\.$`).test(t.captions[t.current]) && !!play;
    }, describeKafka, p, KAFKA_MS);
  const t = await kafkaTwin(page);
  if (!t.captions.some((c) => c.includes('all 3 brokers advertise the same address, kafka-bootstrap.kafka.svc.cluster.local:9092'))) fail('the shared advertised address is not pointed out');
  if (!t.captions.some((c) => /more retries of record 0, .*on the same connection.*delivery\.timeout\.ms \(120 s\)/.test(c))) fail(`no condensed retries step: ${JSON.stringify(t.captions)}`);
  if (t.captions.length > 150) fail(`${t.captions.length} steps`);
  const end = await kafkaEnd(page);
  if (!/In all: 1 record sent, 0 delivered, 1 failed, \d+ wasted round trips, \d+ of them NOT_LEADER_OR_FOLLOWER \(error 6\)/.test(end.captions[end.current])) fail(`last step ${JSON.stringify(end.captions[end.current])}`);
});

check('kafka: failing the leader moves leadership to an in-sync replica and the second record reaches it', async ({ page }) => {
  await openKafka(page);
  const { p, leader } = await typeKey(page, 'order-7');
  await page.getByRole('radio', { name: 'per-pod headless name' }).check();
  await page.getByLabel('Fail broker').selectOption({ label: leader });
  await page.getByRole('button', { name: 'Produce' }).click();
  // Forty-odd steps before the election: play them at 2×.
  await kafkaControls(page).getByRole('combobox', { name: 'Speed' }).selectOption('200');
  await waitUntil(page, 'playback paused on the leader change',
    (w) => {
      const t = __kafka();
      return t.current >= 0 && t.captions[t.current].includes(`Leadership of orders-${w.p} moves from ${w.leader} to kafka-`)
        && !!document.querySelector('#kafka .controls button[aria-label="Play"]');
    },
    describeKafka, { p, leader }, 20_000);
  const moved = await kafkaTwin(page);
  const to = moved.captions[moved.current].match(/ to (kafka-\d+), the first in-sync replica/)?.[1];
  if (!to || to === leader) fail(`leadership went to ${to}`);
  // The key's readout and the partition table follow the step; the old leader's chips are out of sync.
  if (!moved.partition.includes(`leader ${to} (preferred leader ${leader})`)) fail(`readout ${JSON.stringify(moved.partition)}`);
  const row = await page.locator('#kafka-partitions tbody tr', { hasText: `orders-${p}` }).innerText();
  if (!row.includes(to) || !row.includes('moved')) fail(`table row ${JSON.stringify(row)}`);
  const end = await kafkaEnd(page);
  if (!end.captions.some((c) => c.includes(`${to} leads orders-${p}: it appends the record at offset 1`))) fail(`the second record did not reach ${to}: ${JSON.stringify(end.captions)}`);
  if (!/In all: 2 records sent, 2 delivered/.test(end.captions[end.current])) fail(`last step ${JSON.stringify(end.captions[end.current])}`);
});

check('kafka: manifests without a StatefulSet say so in one sentence', async ({ page }) => {
  await waitForSeedParsed(page);
  await page.getByRole('button', { name: 'Kafka', exact: true }).click();
  await page.evaluate(KAFKA_HELPERS);
  await waitUntil(page, 'the Kafka view saying there are no brokers',
    () => /no StatefulSet with pods, so there are no Kafka brokers/.test(document.querySelector('#kafka .kafka-none')?.textContent ?? ''),
    () => `#kafka: ${JSON.stringify(document.querySelector('#kafka')?.innerText.slice(0, 300) ?? '(missing)')}`);
});

check('kafka: Consume with the headless pattern reads the produced record from the leader', async ({ page }) => {
  await openKafka(page);
  const { p, leader } = await typeKey(page, 'order-7');
  await page.getByRole('radio', { name: 'per-pod headless name' }).check();
  await page.getByRole('button', { name: 'Produce', exact: true }).click();
  await page.getByRole('button', { name: 'Consume', exact: true }).click();
  const t = await kafkaEnd(page);
  if (!t.captions.some((c) => c.includes(`Fetch orders-${p} from offset 0 → ${leader}`))) fail(`no Fetch to ${leader}: ${JSON.stringify(t.captions.slice(-12))}`);
  if (!t.captions.some((c) => c.includes(`${leader} leads orders-${p}: it returns 1 record from offset 0`))) fail('the leader did not return the record');
  if (!/In all: the consumer read 1 record of orders-\d \(offset 0, key "order-7"\) from kafka-\d, the leader/.test(t.captions[t.current])) fail(`last step ${JSON.stringify(t.captions[t.current])}`);
  const summary = await page.locator('#kafka .kafka-summary').textContent();
  if (!summary.includes('Then the consumer read 1 record')) fail(`summary ${JSON.stringify(summary)}`);
  if (await page.getByRole('img', { name: /Kafka.*consumer reading orders-/ }).count() !== 1) fail('diagram name does not mention the consumer');
});

// Kafka's brokers answer a consumer's Fetch from their own replica (fetchOnlyLeader is false for a
// consumer that sends client metadata), so behind a ClusterIP any broker with a copy serves it; a
// broker with no copy answers error 6. With 3 brokers and replication factor 3 every broker has one.
check('kafka: Consume behind the ClusterIP is served by the pinned broker, or gets error 6 where it holds no replica', async ({ page }) => {
  await openKafka(page);
  const { p } = await typeKey(page, 'order-7');
  await page.getByRole('radio', { name: 'ClusterIP bootstrap Service' }).check();
  await page.getByRole('button', { name: 'Consume', exact: true }).click();
  const t = await kafkaEnd(page);
  if (!t.captions.some((c) => c.includes('kube-proxy picks'))) fail('no kube-proxy pick');
  if (!t.captions.some((c) => new RegExp(`kafka-\\d (leads|does not lead) orders-${p}`).test(c))) fail(`no fetch answer: ${JSON.stringify(t.captions.slice(-8))}`);
  if (!/the consumer found orders-\d empty at kafka-\d, (the leader|a follower)/.test(t.captions[t.current])) fail(`last step ${JSON.stringify(t.captions[t.current])}`);
  // Five brokers, replication factor 3: some broker holds no copy of the key's partition.
  for (let i = 0; i < 2; i++) await page.getByRole('button', { name: 'Scale kafka up' }).click();
  await podIp(page, 'kafka/kafka-4');
  const k = await typeKey(page, 'order-3');
  await page.getByRole('button', { name: 'Consume', exact: true }).click();
  await waitUntil(page, 'paused on the consumer\'s first error 6', (p) => {
    const t = __kafka();
    return t.current >= 0 && new RegExp(`NOT_LEADER_OR_FOLLOWER \\(error 6\\): kafka-\\d does not lead orders-${p} and holds no replica of it`).test(t.captions[t.current])
      && !!document.querySelector('#kafka .controls button[aria-label="Play"]');
  }, describeKafka, k.p, KAFKA_MS);
});

check('kafka: the view and its choices travel in the share link', async ({ page, context, watch }) => {
  await openKafka(page);
  await typeKey(page, 'order-9');
  await page.getByRole('radio', { name: 'ClusterIP bootstrap Service' }).check();
  await page.getByLabel('Fail broker').selectOption({ label: 'kafka-1' });
  await waitUntil(page, 'kafka=1, kl, key and fail in the link', async () => {
    const p = await __e2e.linkParams();
    return p.kafka === '1' && p.kl === 'clusterip' && p.key === 'order-9' && p.fail === '1';
  }, async () => `params ${JSON.stringify(await __e2e.linkParams())}`);
  const link = await page.evaluate(() => location.href);
  const other = await context.browser().newContext({ viewport: { width: 1280, height: 800 } });
  await other.addInitScript(PAGE_HELPERS);
  const fresh = watch(await other.newPage());
  await fresh.goto(link);
  await waitUntil(fresh, 'the Kafka view open with the link\'s choices', () => document.querySelector('#kafka-key')?.value === 'order-9'
      && [...document.querySelectorAll('#kafka input[type="radio"]')].find((r) => r.checked)?.value === 'clusterip'
      && document.querySelector('#kafka select[aria-label="Fail broker"], #kafka-fail')?.value === '1',
    () => JSON.stringify({ key: document.querySelector('#kafka-key')?.value, radios: [...document.querySelectorAll('#kafka input[type="radio"]')].map((r) => `${r.value}:${r.checked}`), fail: document.querySelector('#kafka-fail')?.value }), undefined, LOAD_MS);
  await other.close();
  // Closing the view takes it out of the link.
  await page.getByRole('button', { name: 'Kafka', exact: true }).click();
  await waitUntil(page, 'no kafka in the link once closed', async () => (await __e2e.linkParams()).kafka === undefined, async () => `params ${JSON.stringify(await __e2e.linkParams())}`);
});

// The Kafka view at laptop and phone, light and dark, after the ClusterIP mistake's first error 6.
for (const [vp, viewport] of VIEWPORTS) {
  for (const colorScheme of ['light', 'dark']) {
    const opts = { viewport, colorScheme, isMobile: vp === 'phone', hasTouch: vp === 'phone' };
    check(`screenshot ${vp} ${colorScheme}: the Kafka view after NOT_LEADER_OR_FOLLOWER`, async ({ page }) => {
      await openKafka(page);
      await typeKey(page, 'order-7');
      await page.getByRole('radio', { name: 'ClusterIP bootstrap Service' }).check();
      await page.getByRole('button', { name: 'Produce' }).click();
      await waitUntil(page, 'the first error 6', () => __kafka().captions[__kafka().current]?.includes('NOT_LEADER_OR_FOLLOWER (error 6)'), describeKafka, undefined, KAFKA_MS);
      await page.locator('#kafka').scrollIntoViewIfNeeded();
      await page.evaluate(() => document.fonts.ready);
      await page.screenshot({ path: `${ARTIFACTS}${vp}-${colorScheme}-kafka.png` });
      const wrong = [];
      const wide = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, view: document.documentElement.clientWidth }));
      if (wide.page > wide.view) wrong.push(`the page scrolls sideways: ${JSON.stringify(wide)}`);
      const low = await page.evaluate(CONTRAST_REPORT);
      if (low.length) wrong.push(`low contrast: ${low.join('; ')}`);
      if (wrong.length) fail(wrong.join('; '));
    }, opts);
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
    // Every page a check opens reports its console errors and uncaught errors here.
    const watch = (p) => {
      p.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
      p.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
      return p;
    };
    const page = watch(await context.newPage());
    const resp = await page.goto(APP_URL, { waitUntil: 'load' });
    if (!resp || !resp.ok()) fail(`GET ${APP_URL} gave ${resp ? resp.status() : 'no response'}`);
    let timer;
    const deadline = new Promise((_, reject) => {
      timer = setTimeout(() => reject(new CheckFailure(`still running after ${CHECK_MS} ms`)), CHECK_MS);
    });
    await Promise.race([fn({ page, context, watch }), deadline]).finally(() => clearTimeout(timer));
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
