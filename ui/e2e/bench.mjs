// bench/ui.sh's browser half: navigation to the first project page showing its 25 tasks.
import { chromium } from 'playwright-core';
import { certificateKeyHash } from './support.mjs';

const base = process.env.BENCH_BASE;
const rounds = Number(process.env.BENCH_ROUNDS ?? 10);
const spki = await certificateKeyHash(Number(new URL(base).port));
const browser = await chromium.launch({
  executablePath: process.env.RAMPART_E2E_CHROMIUM ?? '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--no-first-run',
    `--ignore-certificate-errors-spki-list=${spki}`],
});
const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
const page = await context.newPage();
await page.goto(`${base}/signin`);
await page.getByLabel('Email').fill(process.env.BENCH_EMAIL);
await page.getByLabel('Password').fill(process.env.BENCH_PASSWORD);
await page.getByRole('button', { name: 'Sign in', exact: true }).click();
await page.getByRole('heading', { name: /^Hello/ }).waitFor();

let graphql = 0;
page.on('request', (request) => { if (new URL(request.url()).pathname === '/graphql') graphql++; });
const rows = page.locator('table.tasks tbody tr');
const times = [];
const requests = [];
for (let round = 0; round < rounds + 1; round++) {
  await page.goto('about:blank');
  graphql = 0;
  const started = performance.now();
  await page.goto(`${base}/projects/${process.env.BENCH_PROJECT}`);
  await page.waitForFunction(() => document.querySelectorAll('table.tasks tbody tr').length >= 25, null, { timeout: 60_000 });
  const elapsed = performance.now() - started;
  if (round > 0) { // the first round warms the browser's and the server's caches
    times.push(elapsed);
    requests.push(graphql);
  }
}
const shown = await rows.count();
graphql = 0;
const more = page.getByRole('button', { name: 'More tasks' });
let nextPage = 'no further page';
if (await more.count()) {
  await more.click();
  await page.waitForFunction((count) => document.querySelectorAll('table.tasks tbody tr').length > count, shown);
  nextPage = `${graphql} GraphQL request(s) for the next page of tasks`;
}
times.sort((a, b) => a - b);
const median = times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
console.log(`navigation to the project page showing 25 tasks: median ${median.toFixed(0)} ms over ${times.length} rounds `
  + `(min ${times[0].toFixed(0)}, max ${times[times.length - 1].toFixed(0)})`);
console.log(`GraphQL requests per page load: ${[...new Set(requests)].join(', ')} (the layout's viewer query and the project page's one query with its first 25 tasks); ${nextPage}`);
await browser.close();
