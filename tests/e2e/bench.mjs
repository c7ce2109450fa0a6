// Browser benchmark for the built app (release dist/), in headless Chromium through playwright-core.
//
//   APP_URL=http://127.0.0.1:8080/ node tests/e2e/bench.mjs
//
// `./dev.sh bench-web` builds dist/ and serves it for this script. It is a benchmark, not a test: it prints
// one `bench: <what>: <ms> ms` line per figure (the median of BENCH_RUNS runs, default 5, each in a fresh
// browser context, so an empty cache) and exits 0; it exits 1 only when the page breaks (an uncaught page
// error, or a step that never finishes). Every context asks for `prefers-reduced-motion: reduce`, so the
// DNS answer shows at once instead of after its animation. Times are the page's own clock
// (performance.now()), from the input event (or the navigation) until the first frame that shows the
// result has been laid out and painted.
import { chromium } from 'playwright-core';

const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:8080/';
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 5));
const STEP_MS = 180_000; // a step that takes longer than this counts as broken (the old app took ~35 s)
const LAUNCH_ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

// ---- inputs (the same shapes as tests/support/gen.rs and the e2e 1 MB List) -------------------------

// `n` namespaces app-i, each with a headless Service db-i-hs, a ClusterIP Service web-i and a StatefulSet
// db-i of `replicas` pods (tests/support/gen.rs `statefulsets`).
function statefulsets(n, replicas) {
  let s = '';
  for (let i = 0; i < n; i++) {
    s += `apiVersion: v1\nkind: Namespace\nmetadata:\n  name: app-${i}\n---\n`
      + `apiVersion: v1\nkind: Service\nmetadata:\n  name: db-${i}-hs\n  namespace: app-${i}\nspec:\n  clusterIP: None\n  selector:\n    app: db-${i}\n  ports:\n  - name: pg\n    port: 5432\n    targetPort: pg\n---\n`
      + `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\n  namespace: app-${i}\nspec:\n  selector:\n    app: db-${i}\n  ports:\n  - name: http\n    port: 80\n    targetPort: 8080\n---\n`
      + `apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: db-${i}\n  namespace: app-${i}\nspec:\n  serviceName: db-${i}-hs\n  replicas: ${replicas}\n  selector:\n    matchLabels:\n      app: db-${i}\n  template:\n    metadata:\n      labels:\n        app: db-${i}\n    spec:\n      containers:\n      - name: postgres\n        image: postgres:17\n        ports:\n        - name: pg\n          containerPort: 5432\n---\n`;
  }
  return s;
}

// A `kubectl get svc,pods -o yaml` List of about `bytes` bytes: headless Services and their Pods.
function kubectlList(bytes) {
  const items = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const svc = [
      '- apiVersion: v1', '  kind: Service', '  metadata:',
      '    annotations:', `      kubectl.kubernetes.io/last-applied-configuration: '{"kind":"Service","metadata":{"name":"svc-${i}"}}'`,
      '    creationTimestamp: "2026-11-20T09:14:03Z"', `    name: svc-${i}`, '    namespace: default',
      `    resourceVersion: "${40000 + i}"`, `    uid: 5b0e4c1e-8f5f-4d2a-9d0b-${String(i).padStart(12, '0')}`,
      '  spec:', '    clusterIP: None', '    clusterIPs:', '    - None', '    ports:', '    - name: http', '      port: 80', '      protocol: TCP',
      '      targetPort: 80', '    selector:', `      app: app-${i}`, '    sessionAffinity: None', '    type: ClusterIP', '  status:', '    loadBalancer: {}',
    ].join('\n');
    const pod = [
      '- apiVersion: v1', '  kind: Pod', '  metadata:', '    creationTimestamp: "2026-11-20T09:14:05Z"',
      '    labels:', `      app: app-${i}`, `    name: pod-${i}`, '    namespace: default',
      `    resourceVersion: "${50000 + i}"`, `    uid: 7c1f5d2f-9a6b-4e3c-8e1c-${String(i).padStart(12, '0')}`,
      '  spec:', '    containers:', '    - image: nginx:1.27', '      name: web', '      ports:', '      - containerPort: 80',
      '        protocol: TCP', '    dnsPolicy: ClusterFirst', '    nodeName: worker-1', '    restartPolicy: Always',
      '  status:', '    conditions:', '    - status: "True"', '      type: Ready', '    phase: Running',
    ].join('\n');
    items.push(svc, pod);
    size += svc.length + pod.length + 2;
  }
  return { text: `apiVersion: v1\nitems:\n${items.join('\n')}\nkind: List\nmetadata:\n  resourceVersion: ""\n`, count: items.length };
}

// ---- page-side helpers -------------------------------------------------------------------------------

// Installed before the app's scripts run. __bench.pods(): how many pods #pods says it shows: its
// aria-rowcount (a windowed table; minus the header row) when it has one, else its body rows.
// __bench.objects(): the count in the #objects heading ("1820 objects in the manifests").
// __bench.paste(text): sets #yaml to `text` with one input event, as a paste does (inputType insertFromPaste);
// returns the page clock.
const PAGE_HELPERS = () => {
  globalThis.__bench = {
    pods() {
      const t = document.querySelector('#pods');
      if (!t) return -1;
      const rc = t.getAttribute('aria-rowcount');
      return rc !== null ? Number(rc) - 1 : t.querySelectorAll('tbody tr').length;
    },
    objects() {
      const h = document.querySelector('.objects h3')?.textContent ?? '';
      const m = h.match(/^([\d,]+) objects?/);
      return m ? Number(m[1].replace(/,/g, '')) : -1;
    },
    paste(text) {
      const t = document.querySelector('#yaml');
      const start = performance.now();
      t.value = text;
      t.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertFromPaste' }));
      return start;
    },
  };
};

class Broken extends Error {}

// Waits (checking once per animation frame) until `pred(arg)` holds in the page; returns the page clock
// once the frame that first showed it has been laid out and painted (a task queued from that frame's
// requestAnimationFrame callback runs after its style, layout and paint).
async function frameWhen(page, what, pred, arg) {
  const got = await page.evaluate(({ src, arg, limit }) => new Promise((resolve) => {
    // eslint-disable-next-line no-eval
    const p = (0, eval)(src);
    const t0 = performance.now();
    const tick = () => {
      let ok = false;
      try { ok = !!p(arg); } catch { ok = false; }
      if (ok) setTimeout(() => resolve(performance.now()), 0);
      else if (performance.now() - t0 > limit) resolve(null);
      else requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
  }), { src: `(${pred})`, arg, limit: STEP_MS });
  if (got === null) throw new Broken(`timed out after ${STEP_MS} ms waiting for ${what}`);
  return got;
}

async function newPage(browser, errors) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, reducedMotion: 'reduce' });
  await context.addInitScript(PAGE_HELPERS);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(`console error: ${m.text()}`); });
  return { context, page };
}

async function loadSeed(page) {
  const resp = await page.goto(APP_URL, { waitUntil: 'load' });
  if (!resp || !resp.ok()) throw new Broken(`GET ${APP_URL} gave ${resp ? resp.status() : 'no response'}`);
  await frameWhen(page, 'the seed scenario in #objects', () => __bench.objects() === 5);
}

// Chromium's script time so far (CDP Performance ScriptDuration), in ms: the page's own work (ours and
// the framework's), without the browser's style, layout and paint. Returns a function reading it.
async function scriptClock(context, page) {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === 'ScriptDuration').value * 1000;
}

// The script time spent while `fn` runs, until the frame after it has been drawn.
async function scriptDuring(context, page, fn) {
  const script = await scriptClock(context, page);
  const s0 = await script();
  const out = await fn();
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => setTimeout(r, 0))));
  return { out, script: (await script()) - s0 };
}

// The browser's own floor for a text: a bare <textarea> on an empty page, from setting its value until
// the frame showing it (the playground's editor is a textarea too, so no edit of this text can be faster).
async function textareaFloor(browser, text) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  try {
    const page = await context.newPage();
    await page.setContent('<textarea id="t" spellcheck="false" style="width:600px;height:500px;font:13px monospace"></textarea>');
    return await page.evaluate((text) => new Promise((done) => {
      const t = document.getElementById('t');
      const start = performance.now();
      t.value = text;
      requestAnimationFrame(() => setTimeout(() => done(performance.now() - start), 0));
    }), text);
  } finally {
    await context.close().catch(() => {});
  }
}

const lastMeasure = (page, name) => page.evaluate((n) => performance.getEntriesByName(n).at(-1)?.duration ?? NaN, name);

// ---- the runs ----------------------------------------------------------------------------------------

const SETS = 50;
const REPLICAS = 100;
const PODS = SETS * REPLICAS;

// (a) paste 5,000 pods, (b) edit one replica count, (c) toggle the theme: one page, in that order.
async function runCluster(browser, errors) {
  const { context, page } = await newPage(browser, errors);
  try {
    await loadSeed(page);
    const yaml = statefulsets(SETS, REPLICAS);
    const { out: paste, script: pasteScript } = await scriptDuring(context, page, async () => {
      const t0 = await page.evaluate((y) => __bench.paste(y), yaml);
      return await frameWhen(page, `#pods showing ${PODS} pods`, (n) => __bench.pods() === n, PODS) - t0;
    });
    const parse = await lastMeasure(page, 'model::parse');
    const build = await lastMeasure(page, 'Cluster::build');
    // Let the deferred work of the paste (the share link, the autosave) finish first.
    await page.waitForTimeout(1000);

    const edited = yaml.replace(`replicas: ${REPLICAS}`, `replicas: ${REPLICAS - 1}`);
    const { out: edit, script: editScript } = await scriptDuring(context, page, async () => {
      const t0 = await page.evaluate((y) => __bench.paste(y), edited);
      return await frameWhen(page, `#pods showing ${PODS - 1} pods`, (n) => __bench.pods() === n, PODS - 1) - t0;
    });
    const editParse = await lastMeasure(page, 'model::parse');
    const editBuild = await lastMeasure(page, 'Cluster::build');
    await page.waitForTimeout(1000);

    // Then one Service port: no pod's source changes, so the rebuild takes the pods whole.
    const builds = await page.evaluate(() => performance.getEntriesByName('Cluster::build').length);
    const svcEdited = edited.replace('port: 5432', 'port: 5433');
    const { out: svcEdit, script: svcEditScript } = await scriptDuring(context, page, async () => {
      const t0 = await page.evaluate((y) => __bench.paste(y), svcEdited);
      return await frameWhen(page, 'the rebuild after the Service edit', (n) => performance.getEntriesByName('Cluster::build').length > n, builds) - t0;
    });
    const svcEditBuild = await lastMeasure(page, 'Cluster::build');
    await page.waitForTimeout(1000);

    // A keystroke at the top of the 5,000-pod text until the frame showing it in the coloured copy
    // (the parse waits for typing to pause; the key must not wait for it).
    await page.evaluate(() => {
      const t = document.querySelector('#yaml');
      t.focus(); t.setSelectionRange(0, 0); t.scrollTop = 0;
      window.__keyAt = null;
      t.addEventListener('keydown', () => { window.__keyAt ??= performance.now(); }, { capture: true, once: true });
    });
    await page.keyboard.type('#');
    const keyShown = await frameWhen(page, 'the typed # in the coloured copy', () => (document.querySelector('.hl .hl-line')?.textContent ?? '').startsWith('#'));
    const keystroke = keyShown - await page.evaluate(() => window.__keyAt);

    // The theme toggle: script time as Chromium counts it (CDP Performance.getMetrics ScriptDuration)
    // from just before the click until the frame after the new theme shows.
    const script = await scriptClock(context, page);
    const before = await page.evaluate(() => document.documentElement.getAttribute('data-theme'));
    const s0 = await script();
    const clicked = await page.evaluate(() => { const t = performance.now(); document.querySelector('#theme').click(); return t; });
    const shown = await frameWhen(page, 'the theme to change', (b) => document.documentElement.getAttribute('data-theme') !== b, before);
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    const s1 = await script();
    return { paste, pasteScript, parse, build, edit, editScript, editParse, editBuild, svcEdit, svcEditScript, svcEditBuild, keystroke, themeScript: s1 - s0, themeFrame: shown - clicked };
  } finally {
    await context.close().catch(() => {});
  }
}

// (f) at 5,000 pods: a typed dig until its answer shows (reduced motion: no animation first), and
// (g) the animation's cost per frame while it plays (a context with motion): Chromium's script time
// over the frames drawn from Play until the player pauses itself at CoreDNS's verdict.
async function runFrames(browser, errors) {
  const reduced = await newPage(browser, errors);
  let dig5k, dig5kScript;
  try {
    await loadSeed(reduced.page);
    await reduced.page.evaluate((y) => __bench.paste(y), statefulsets(SETS, REPLICAS));
    await frameWhen(reduced.page, `#pods showing ${PODS} pods`, (n) => __bench.pods() === n, PODS);
    const cmd = 'dig db-7-57.db-7-hs.app-7.svc.cluster.local';
    await reduced.page.locator('#dig-input').fill(cmd);
    await reduced.page.waitForTimeout(1000);
    const r = await scriptDuring(reduced.context, reduced.page, async () => {
      const t0 = await reduced.page.evaluate(() => { const t = performance.now(); document.querySelector('#dig-run').click(); return t; });
      return await frameWhen(reduced.page, `the answer to "${cmd}"`, () => (document.querySelector('#dig-output:not(.pending)')?.textContent ?? '').includes('db-7-57.db-7-hs.app-7.svc.cluster.local.')) - t0;
    });
    dig5k = r.out;
    dig5kScript = r.script;
  } finally {
    await reduced.context.close().catch(() => {});
  }
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  await context.addInitScript(PAGE_HELPERS);
  const page = await context.newPage();
  page.on('pageerror', (e) => errors.push(`page error: ${e.message}`));
  try {
    await loadSeed(page);
    await page.evaluate((y) => __bench.paste(y), statefulsets(SETS, REPLICAS));
    await frameWhen(page, `#pods showing ${PODS} pods`, (n) => __bench.pods() === n, PODS);
    await page.locator('#dig-input').fill('dig +search web-7.app-7');
    await page.locator('#dig-run').click();
    const group = page.getByRole('group', { name: 'Playback', exact: true });
    await frameWhen(page, 'the player paused at the verdict', () => !!document.querySelector('.player > .controls-row button[aria-label="Play"]'));
    await group.getByRole('button', { name: 'Restart' }).click();
    const script = await scriptClock(context, page);
    const s0 = await script();
    const frames = await page.evaluate(() => new Promise((done) => {
      let n = 0;
      const tick = () => {
        n++;
        if (document.querySelector('.player > .controls-row button[aria-label="Play"]')) done(n);
        else requestAnimationFrame(tick);
      };
      document.querySelector('.player > .controls-row button[aria-label="Play"]').click();
      requestAnimationFrame(tick);
    }));
    const s1 = await script();
    return { dig5k, dig5kScript, frame: (s1 - s0) / frames, frames };
  } finally {
    await context.close().catch(() => {});
  }
}

// (d) paste a 1 MB kind: List until #objects lists every object.
async function runList(browser, errors) {
  const { context, page } = await newPage(browser, errors);
  try {
    await loadSeed(page);
    const { text, count } = kubectlList(1_000_000);
    const links = await page.evaluate(() => performance.getEntriesByName('share::link').length);
    const { out: list, script: listScript } = await scriptDuring(context, page, async () => {
      const t0 = await page.evaluate((y) => __bench.paste(y), text);
      return await frameWhen(page, `#objects listing ${count} objects`,
        (n) => __bench.objects() === n && (document.querySelector('#objects li')?.textContent ?? '').includes('Service default/svc-0'), count) - t0;
    });
    // The share link of that state is made after the frame that showed it: wait for it.
    await page.waitForFunction((n) => performance.getEntriesByName('share::link').length > n, links, { timeout: STEP_MS });
    const listLink = await lastMeasure(page, 'share::link');
    // Then a typed dig with that 1 MB still in the editor: nothing of the editor's may be redone for it.
    const cmd = 'dig svc-7.default.svc.cluster.local';
    await page.locator('#dig-input').fill(cmd);
    await page.waitForTimeout(500);
    const dig = await scriptDuring(context, page, async () => {
      const t0 = await page.evaluate(() => { const t = performance.now(); document.querySelector('#dig-run').click(); return t; });
      return await frameWhen(page, `the answer to "${cmd}"`, () => { const out = document.querySelector('#dig-output:not(.pending)')?.textContent ?? ''; return out.includes('<<>> svc-7.default.svc.cluster.local') && out.includes('->>HEADER<<-'); }) - t0;
    });
    return { list, listScript, listParse: await lastMeasure(page, 'model::parse'), listBuild: await lastMeasure(page, 'Cluster::build'), listLink, listDig: dig.out, listDigScript: dig.script, objects: count, bytes: text.length };
  } finally {
    await context.close().catch(() => {});
  }
}

// (e) a cold load (fresh context: empty cache) until a typed dig answers; page clock from navigation start.
async function runCold(browser, errors) {
  const { context, page } = await newPage(browser, errors);
  try {
    await page.goto(APP_URL, { waitUntil: 'commit' });
    // The app runs the scenario's first command on start; type only once that has finished, or the
    // start-up run would overwrite what we typed.
    // Typed and run inside the page in the frame the start-up run shows (a Playwright fill and click
    // would add two round trips of the harness, about 150 ms on this machine, to the app's time).
    const cmd = 'dig +search test-headful';
    await frameWhen(page, 'the start-up run in #dig-output, then the typed command run', (c) => {
      if (!document.querySelector('#dig-output:not(.pending)')) return false;
      const input = document.querySelector('#dig-input');
      input.value = c;
      input.dispatchEvent(new InputEvent('input', { bubbles: true, inputType: 'insertText', data: c }));
      document.querySelector('#dig-run').click();
      return true;
    }, cmd);
    const t = await frameWhen(page, `the answer to "${cmd}"`, (c) => {
      const out = document.querySelector('#dig-output:not(.pending)')?.textContent ?? '';
      return out.includes(`<<>> ${c.replace(/^dig /, '')}`) && out.includes(';; ANSWER SECTION:');
    }, cmd);
    const phases = await page.evaluate(() => ({
      wasmReady: performance.getEntriesByName('hsp:wasm-ready').at(-1)?.duration ?? NaN,
      firstRender: performance.getEntriesByName('hsp:first-render').at(-1)?.duration ?? NaN,
      fcp: performance.getEntriesByName('first-contentful-paint').at(-1)?.startTime ?? NaN,
    }));
    return { cold: t, ...phases };
  } finally {
    await context.close().catch(() => {});
  }
}

const median = (xs) => {
  const s = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (!s.length) return NaN;
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

// [key, what, target]: the target is the issue's (docs: README "Speed and memory"), '' where none is set.
const FIGURES = [
  ['paste', `paste ${PODS.toLocaleString('en')} pods (${SETS} StatefulSets x ${REPLICAS}, headless + ClusterIP Service each) until #pods shows them`, '≤ 250 ms'],
  ['pasteScript', '  of that, script (CDP ScriptDuration)', ''],
  ['parse', '  of that, model::parse (User Timing)', ''],
  ['build', '  of that, Cluster::build (User Timing)', ''],
  ['floor40k', `  a bare <textarea> taking the same text, to its frame (the browser's floor)`, ''],
  ['edit', 'then edit one replica count until #pods shows the new count', ''],
  ['editScript', '  of that, script (CDP ScriptDuration): the work after the debounce', '≤ 16 ms'],
  ['editParse', '  of that, model::parse (User Timing; only the changed document)', ''],
  ['editBuild', '  of that, Cluster::build (User Timing)', ''],
  ['svcEdit', 'then edit one Service port until the frame after the rebuild', ''],
  ['svcEditScript', '  of that, script (CDP ScriptDuration): the work after the debounce', '≤ 16 ms'],
  ['svcEditBuild', '  of that, Cluster::build (User Timing; the pods taken whole from the previous build)', ''],
  ['keystroke', `a keystroke in the editor at ${PODS.toLocaleString('en')} pods until the frame showing it`, ''],
  ['themeScript', `theme toggle at ${PODS.toLocaleString('en')} pods: script time (CDP ScriptDuration)`, ''],
  ['themeFrame', `theme toggle at ${PODS.toLocaleString('en')} pods: click to the frame showing it`, ''],
  ['list', 'paste a 1 MB kind: List of Services and Pods until #objects lists them', '≤ 300 ms'],
  ['listScript', '  of that, script (CDP ScriptDuration)', ''],
  ['listParse', '  of that, model::parse (User Timing)', ''],
  ['listBuild', '  of that, Cluster::build (User Timing)', ''],
  ['listLink', '  and after that frame, its share link (deflated and checked; User Timing share::link)', ''],
  ['listDig', '  then a typed dig with that List in the editor, until its answer shows (reduced motion)', ''],
  ['listDigScript', '    of that, script (CDP ScriptDuration)', ''],
  ['floor1m', `  a bare <textarea> taking the same 1 MB, to its frame (the browser's floor)`, ''],
  ['cold', 'cold load until a typed dig answer shows (reduced motion)', '≤ 300 ms'],
  ['fcp', '  of that, first contentful paint (the static shell)', ''],
  ['wasmReady', '  of that, the wasm fetched, compiled and started (User Timing hsp:wasm-ready)', ''],
  ['firstRender', '  of that, the app\'s first render in the DOM (User Timing hsp:first-render)', ''],
  ['dig5k', `a typed dig at ${PODS.toLocaleString('en')} pods until its answer shows (reduced motion)`, '≤ 16 ms'],
  ['dig5kScript', '  of that, script (CDP ScriptDuration)', ''],
  ['frame', `animation at ${PODS.toLocaleString('en')} pods: script time per frame while playing (CDP ScriptDuration / frames)`, '< 4 ms'],
];

// Runs once per round: the browser's floors for the two big texts.
async function runFloors(browser) {
  return {
    floor40k: await textareaFloor(browser, statefulsets(SETS, REPLICAS)),
    floor1m: await textareaFloor(browser, kubectlList(1_000_000).text),
  };
}

const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true, args: LAUNCH_ARGS });
const samples = {};
const errors = [];
let broken = null;
try {
  for (let r = 0; r < RUNS; r++) {
    for (const run of [runCluster, runList, runCold, runFrames, runFloors]) {
      const out = await run(browser, errors);
      for (const [k, v] of Object.entries(out)) (samples[k] ??= []).push(v);
      if (errors.some((e) => e.startsWith('page error'))) throw new Broken(errors.join('; '));
    }
  }
} catch (e) {
  broken = e instanceof Broken ? e.message : `${e.name}: ${e.message.split('\n')[0]}`;
} finally {
  await browser.close();
}
console.log(`bench: ${APP_URL}, median of ${RUNS} run(s), each in a fresh context (reduced motion)`);
if (samples.objects) console.log(`bench: the List is ${(samples.bytes[0] / 1e6).toFixed(2)} MB, ${samples.objects[0]} objects`);
const rows = [];
for (const [k, what, target] of FIGURES) {
  if (!samples[k]) continue;
  const fine = k === 'frame';
  const fmt = (x) => (Number.isFinite(x) ? (fine ? x.toFixed(2) : String(Math.round(x))) : 'n/a');
  const m = median(samples[k]);
  console.log(`bench: ${what}: ${fmt(m)} ms${target ? `   [target ${target}]` : ''}   (runs: ${samples[k].map(fmt).join(', ')})`);
  rows.push(`| ${what.startsWith('  ') ? '↳ ' : ''}${what.trim().replace(/\|/g, '\\|').replace(/</g, '`<').replace(/>/g, '>`')} | ${fmt(m)} ms | ${target} |`);
}
// BENCH_README=path: write the table into that file between its bench-web markers.
if (process.env.BENCH_README && !broken) {
  const fs = await import('node:fs');
  const path = process.env.BENCH_README;
  const text = fs.readFileSync(path, 'utf8');
  const [a, b] = ['<!-- bench-web:start -->', '<!-- bench-web:end -->'];
  const i = text.indexOf(a), j = text.indexOf(b);
  if (i < 0 || j < i) {
    console.log(`bench: ${path} has no ${a} … ${b} markers; not written`);
  } else {
    const day = new Date().toISOString().slice(0, 10);
    const table = [`Median of ${RUNS}, ${day}, \`BENCH_RUNS=${RUNS} BENCH_README=README.md ./dev.sh bench-web\`:`, '',
      '| what a user does | measured | target |', '|---|---:|---:|', ...rows].join('\n');
    fs.writeFileSync(path, `${text.slice(0, i + a.length)}\n${table}\n${text.slice(j)}`);
    console.log(`bench: wrote the table into ${path}`);
  }
}
for (const e of errors) console.log(`bench: warning: ${e}`);
if (broken) {
  console.log(`bench: the page broke: ${broken}`);
  process.exitCode = 1;
}
