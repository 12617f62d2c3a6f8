// Drives the dashboard in real headless Chromium. Run by DashboardBrowserIT:
//   node dashboard.spec.mjs <baseUrl> <token> <workflowA> <workflowB> <screenshot.png>
// Prints progress lines the Java side waits for (DAG_RENDERED); exits non-zero on any failure.
import { chromium } from 'playwright-core';

const [base, token, wfA, wfB, shot] = process.argv.slice(2);
const executablePath = process.env.GALLOP_CHROMIUM || '/usr/bin/chromium';
const step = msg => console.log(msg);

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
    '--disable-component-update', '--disable-sync', '--no-first-run'],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
  page.on('pageerror', e => { console.error('page error: ' + e.message); failed = true; });

  // 1. The token link opens the list; the token leaves the address bar.
  await page.goto(`${base}#token=${token}`);
  await page.waitForSelector(`tr[data-workflow-id="${wfA}"]`, { timeout: 20000 });
  if (page.url().includes(token)) throw new Error('the token stayed in the URL: ' + page.url());
  step('LIST_OK');

  // 2. Workflow A's DAG renders, with a node still unfinished, then every node turns COMPLETED,
  //    pushed by Server-Sent Events: no reload and no polling of the graph.
  const calls = [];
  page.on('request', r => { if (r.url().includes('/api/workflow')) calls.push(new URL(r.url()).pathname); });
  await page.click(`tr[data-workflow-id="${wfA}"] a`);
  await page.waitForSelector('g.node', { timeout: 20000 });
  const nodes = await page.locator('g.node').count();
  const edges = await page.locator('path.edge').count();
  const open = await page.locator('g.node:not([data-status="COMPLETED"])').count();
  if (nodes < 2 || edges < 1) throw new Error(`DAG has ${nodes} nodes and ${edges} edges`);
  if (open === 0) throw new Error('every node was already COMPLETED: nothing was seen updating');
  step(`DAG_RENDERED nodes=${nodes} edges=${edges} unfinished=${open}`);
  await page.waitForFunction(
    () => [...document.querySelectorAll('g.node')].every(g => g.dataset.status === 'COMPLETED'),
    null, { timeout: 30000 });
  await page.waitForSelector('#wf-status[data-status="COMPLETED"]', { timeout: 10000 });
  const polls = calls.filter(c => c === '/api/workflow').length;
  const streams = calls.filter(c => c === '/api/workflow/events').length;
  if (polls !== 0 || streams < 1) throw new Error(`expected the graph by SSE only, saw ${calls}`);
  step(`DAG_COMPLETED streams=${streams}`);

  // 3. Clicking a node shows its result and attempts.
  await page.click('g.node[data-node-id="report"]');
  await page.waitForSelector('#node-panel[data-node="report"] ol.attempts li', { timeout: 10000 });
  const panel = await page.textContent('#node-panel');
  if (!panel.includes('Result')) throw new Error('node panel shows no result: ' + panel);
  if (shot) await page.screenshot({ path: shot, fullPage: false });
  step('NODE_OK');

  // 4. Pause on a second workflow shows PAUSED.
  await page.goto(`${base}#/workflow/${encodeURIComponent(wfB)}`);
  await page.waitForSelector('#wf-status[data-status="RUNNING"]', { timeout: 20000 });
  await page.click('#btn-pause');
  await page.waitForSelector('#wf-status[data-status="PAUSED"]', { timeout: 20000 });
  if (!(await page.isEnabled('#btn-resume'))) throw new Error('Resume is not enabled on a paused workflow');
  step('PAUSED_OK');

  // 5. An unknown workflow says so, with every action disabled.
  await page.goto(`${base}#/workflow/no-such-workflow`);
  await page.waitForSelector('#wf-msg:has-text("No workflow \'no-such-workflow\'")', { timeout: 10000 });
  for (const b of ['#btn-pause', '#btn-resume', '#btn-cancel']) {
    if (await page.isEnabled(b)) throw new Error(b + ' is enabled for an unknown workflow');
  }
  step('UNKNOWN_OK');

  // 6. A deep link with the token opens the workflow in a browser that never saw the token.
  const fresh = await browser.newContext();
  const other = await fresh.newPage();
  await other.goto(`${base}#/workflow/${encodeURIComponent(wfB)}&token=${token}`);
  await other.waitForSelector('#wf-status[data-status="PAUSED"]', { timeout: 20000 });
  if (other.url().includes(token)) throw new Error('the token stayed in the URL: ' + other.url());
  await fresh.close();
  step('DEEP_LINK_OK');

  // 7. The API refuses a call without the token, and one with a wrong token.
  const codes = await page.evaluate(async () => [
    (await fetch('/api/workflows')).status,
    (await fetch('/api/workflows', { headers: { Authorization: 'Bearer not-the-token-at-all' } })).status,
    (await fetch('/api/workflow/cancel?id=x', { method: 'POST' })).status,
  ]);
  if (codes.some(c => c !== 401)) throw new Error('unauthenticated calls answered ' + codes);
  step('TOKEN_OK');
} catch (e) {
  console.error('FAILED: ' + (e.stack || e));
  failed = true;
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
