// Takes the README's screenshot of a workflow's DAG view:
//   node screenshot.mjs <baseUrl> <token> <workflowId> <nodeId to select> <out.png>
import { chromium } from 'playwright-core';

const [base, token, wf, nodeId, out] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.GALLOP_CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
});
const page = await browser.newPage({ viewport: { width: 1360, height: 820 } });
await page.goto(`${base}#token=${token}`);
await page.goto(`${base}#/workflow/${encodeURIComponent(wf)}`);
await page.waitForSelector('g.node');
await page.click(`g.node[data-node-id="${nodeId}"]`);
await page.waitForSelector(`#node-panel[data-node="${nodeId}"]`);
await page.mouse.move(5, 400);
await page.screenshot({ path: out });
await browser.close();
