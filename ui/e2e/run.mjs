// The web application end to end, in Debian's Chromium against the packaged jar on a fresh data
// directory: every main page is used the way a team would use it, checked with axe-core, and
// photographed (target/e2e/*.png). Run by `mvn verify` (exec-maven-plugin) or `npm run e2e`.
import { AxeBuilder } from '@axe-core/playwright';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { chromium } from 'playwright-core';
import { certificateKeyHash, mailedLink, startReceiver, startServer, totp } from './support.mjs';

const CHROMIUM = process.env.RAMPART_E2E_CHROMIUM ?? '/usr/bin/chromium';
const JAR = resolve(process.env.RAMPART_E2E_JAR ?? '../target/rampart.jar');
const JAVA = process.env.RAMPART_E2E_JAVA ?? 'java';
const OUT = resolve(process.env.RAMPART_E2E_OUTPUT ?? '../target/e2e');

if (!existsSync(CHROMIUM)) {
  const reason = `browser tests SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium)`;
  console.log(reason);
  process.exit(process.env.RAMPART_TEST_REQUIRE_CHROMIUM === '1' ? 1 : 0);
}
if (!existsSync(JAR)) {
  console.error(`browser tests: no jar at ${JAR} (mvn package first)`);
  process.exit(1);
}
mkdirSync(OUT, { recursive: true });

const PASSWORD = 'plum harbour violet rocket';
const OWNER = { name: 'Ada Lovelace', email: 'ada@example.com' };
const INVITEE = { name: 'Bob Builder', email: 'bob@example.com', password: 'copper lantern meadow sixty' };
const PAYLOADS = ['**bold words** and [a link](javascript:window.__pwned=1)', '<script>window.__pwned = 1</script>',
  '<img src=x onerror="window.__pwned = 1">', 'Inline <b onmouseover="window.__pwned = 1">hover</b> <a href="javascript:window.__pwned=1">click</a>'].join('\n\n');

const steps = [];
const axeFindings = [];
let server;
let browser;
let receiver;
/** The pages open now: photographed when a step fails. */
const openPages = new Set();

async function step(name, work) {
  const started = Date.now();
  try {
    await work();
    steps.push(`ok   ${name} (${Date.now() - started} ms)`);
    console.log(`  ok   ${name}`);
  } catch (error) {
    let shot = 0;
    for (const open of openPages) {
      await open.screenshot({ path: join(OUT, `failed-${++shot}.png`), fullPage: true }).catch(() => undefined);
    }
    steps.push(`FAIL ${name}: ${error.message}`);
    console.log(`  FAIL ${name}`);
    throw error;
  }
}

function expect(condition, message) {
  if (!condition) throw new Error(message);
}

/** A page that records CSP violations and keeps the canary global watched. */
async function newPage(context) {
  const page = await context.newPage();
  await page.addInitScript(() => {
    window.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => {
      window.__violations.push(`${event.violatedDirective} ${event.blockedURI} ${event.sample ?? ''} ${event.sourceFile ?? ''}:${event.lineNumber ?? ''}`);
    });
  });
  page.on('pageerror', (error) => console.log(`    page error: ${error.message}`));
  openPages.add(page);
  page.on('close', () => openPages.delete(page));
  return page;
}

async function checks(page, name) {
  // The page as a person sees it once it settled: nothing loading, the top bar complete.
  await page.waitForFunction(() => !document.querySelector('.loading')
    && (!document.querySelector('header.top') || document.querySelector('header.top nav')));
  await page.screenshot({ path: join(OUT, `${name}.png`), fullPage: true });
  const state = await page.evaluate(() => ({ pwned: window.__pwned, violations: window.__violations }));
  expect(state.pwned === undefined, `script from user content ran on ${name}`);
  expect(state.violations.length === 0, `CSP violations on ${name}: ${state.violations.join(', ')}`);
  const results = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const serious = results.violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
  for (const violation of serious) axeFindings.push(`${name}: ${violation.id} (${violation.impact}) ${violation.nodes.map((node) => node.target.join(' ')).slice(0, 3).join(', ')}`);
  expect(serious.length === 0, `axe-core on ${name}: ${serious.map((v) => `${v.id}: ${v.help}`).join('; ')}`);
  // axe-core's own probes may trip the Trusted Types policy: what they cause is not the page's doing.
  await page.evaluate(() => { window.__violations.length = 0; });
}

/** Answers the step-up dialog with the password if the change asked for it. */
async function confirmIfAsked(page) {
  const dialog = page.getByRole('dialog', { name: 'Confirm it is you' });
  if (await dialog.isVisible({ timeout: 1500 }).catch(() => false)) {
    await dialog.getByLabel('Password').fill(PASSWORD);
    await dialog.getByRole('button', { name: 'Confirm' }).click();
    await dialog.waitFor({ state: 'hidden' });
  }
}

async function signIn(page, email, password) {
  await page.goto(`${server.base}/signin`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in', exact: true }).click();
}

async function main() {
  console.log(`browser tests: ${JAR} in ${CHROMIUM}`);
  receiver = await startReceiver(OUT);
  server = await startServer({
    java: JAVA, jar: JAR, log: createWriteStream(join(OUT, 'server.log')),
    // Webhooks may reach the test receiver on 127.0.0.5 (only there), trusting its certificate.
    env: { RAMPART_WEBHOOKS_ALLOWEDNETWORKS: '127.0.0.5/32', RAMPART_WEBHOOKS_TRUSTSTORE: receiver.certificate },
  });
  const port = new URL(server.base).port;
  const spki = await certificateKeyHash(Number(port));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-default-apps',
      '--disable-sync', '--no-first-run', '--metrics-recording-only', '--disable-domain-reliability',
      // The server's self-signed certificate is trusted by its key, so the page is a secure context (passkeys need one).
      `--ignore-certificate-errors-spki-list=${spki}`],
  });
  const owner = await browser.newContext({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await newPage(owner);
  let orgUrl = '';
  let projectUrl = '';
  let templateUrl = '';
  let taskUrl = '';
  let restrictedUrl = '';

  await step('sign-up, and the confirmation link from the mail', async () => {
    await page.goto(`${server.base}/`);
    await page.waitForURL('**/signin');
    await checks(page, '01-sign-in');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await page.getByLabel('Your name').fill(OWNER.name);
    await page.getByLabel('Email').fill(OWNER.email);
    await page.getByLabel('Password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Check your mail').waitFor();
    await checks(page, '02-sign-up-done');
    const link = await mailedLink(server.home, OWNER.email, 'verify-email', server.base);
    await page.goto(link);
    await page.getByText('Your address is confirmed').waitFor();
    expect(!page.url().includes('token='), 'the token stays in the address bar');
  });

  await step('sign-in, organization and project', async () => {
    await signIn(page, OWNER.email, PASSWORD);
    await page.getByRole('heading', { name: `Hello, ${OWNER.name}` }).waitFor();
    await page.getByLabel('New organization').fill('Acme Rockets');
    await page.getByRole('button', { name: 'Create', exact: true }).click();
    await page.getByRole('heading', { name: 'Acme Rockets' }).waitFor();
    orgUrl = page.url();
    await page.getByLabel('Name', { exact: true }).fill('Moon launch');
    await page.getByLabel('Description').fill('Everything for the first flight');
    await page.getByRole('button', { name: 'Create project' }).click();
    await page.getByRole('heading', { name: 'Moon launch' }).waitFor();
    projectUrl = page.url();
  });

  await step('tasks: create, filter, search', async () => {
    for (const [title, priority, restricted] of [['Write the flight plan', 'high', false], ['Secret payload design', 'urgent', true], ['Paint the rocket', 'low', false]]) {
      await page.getByRole('textbox', { name: 'New task' }).fill(title);
      await page.getByRole('form', { name: 'New task' }).getByLabel('Priority').selectOption(priority);
      if (restricted) await page.getByLabel('Restricted').check();
      if (priority === 'high') await page.getByRole('form', { name: 'New task' }).getByLabel('Assignee').selectOption({ label: OWNER.name });
      await page.getByRole('button', { name: 'Add task' }).click();
      await page.getByRole('link', { name: title }).waitFor();
    }
    await page.getByRole('form', { name: 'Filter tasks' }).getByLabel('Priority').selectOption('urgent');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**priority=urgent**');
    await page.getByRole('link', { name: 'Paint the rocket' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Secret payload design' }).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Search titles').fill('rocket');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**search=rocket**');
    await page.getByRole('link', { name: 'Write the flight plan' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Paint the rocket' }).waitFor();
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await checks(page, '03-project-list');
    restrictedUrl = new URL(await page.getByRole('link', { name: 'Secret payload design' }).getAttribute('href'), server.base).href;
  });

  await step('board: dragging a card changes its status', async () => {
    await page.getByRole('link', { name: 'Board' }).click();
    const card = page.locator('[data-task]', { hasText: 'Write the flight plan' });
    await card.waitFor();
    await card.dragTo(page.locator('section.column[data-status="in_progress"]'));
    await page.locator('section.column[data-status="in_progress"] [data-task]', { hasText: 'Write the flight plan' }).waitFor();
    await page.waitForTimeout(500);
    await page.reload();
    await page.locator('section.column[data-status="in_progress"] [data-task]', { hasText: 'Write the flight plan' }).waitFor();
    // The keyboard way: the card's own menu.
    await page.getByLabel('Move “Paint the rocket” to').selectOption('done');
    await page.locator('section.column[data-status="done"] [data-task]', { hasText: 'Paint the rocket' }).waitFor();
    await checks(page, '04-board');
  });

  await step('task: Markdown with script payloads, comments, preview', async () => {
    await page.getByRole('link', { name: 'Write the flight plan' }).click();
    await page.getByRole('heading', { name: 'Write the flight plan' }).waitFor();
    taskUrl = page.url();
    await page.getByRole('button', { name: 'Edit' }).click();
    await page.getByLabel('Description (Markdown)').fill(PAYLOADS);
    await page.getByRole('button', { name: 'Preview' }).click();
    await page.getByRole('region', { name: 'Description preview' }).locator('strong', { hasText: 'bold words' }).waitFor();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('.markdown strong', { hasText: 'bold words' }).first().waitFor();
    await page.getByLabel('Comment (Markdown)').fill(`Looks good <svg onload="window.__pwned=1"></svg> <iframe src="javascript:window.__pwned=1"></iframe> _fine_`);
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    await page.locator('.comments em', { hasText: 'fine' }).waitFor();
    await page.reload();
    await page.locator('.comments em', { hasText: 'fine' }).waitFor();
    expect(await page.locator('.markdown script, .markdown iframe, .markdown svg, .markdown [onerror]').count() === 0, 'active content survived');
  });

  await step('attachment: upload with progress, download the same bytes', async () => {
    const file = join(OUT, 'flight-notes.txt');
    const content = `Flight notes ${new Date().toISOString()}\nT-minus 10\n`;
    writeFileSync(file, content);
    await page.getByLabel('File', { exact: true }).setInputFiles(file);
    await page.getByRole('button', { name: 'Upload' }).click();
    const link = page.getByRole('link', { name: 'flight-notes.txt' });
    await link.waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const saved = join(OUT, 'downloaded-flight-notes.txt');
    await download.saveAs(saved);
    expect(readFileSync(saved, 'utf8') === content, 'the downloaded file differs from the uploaded one');
    await checks(page, '05-task');
  });

  await step('checklist: add items, tick one from the keyboard, move and remove; kept after a reload', async () => {
    const checklist = page.getByRole('region', { name: 'Checklist' });
    for (const text of ['Fuel the tanks', 'Check the weather', 'Count down']) {
      await checklist.getByLabel('New item').fill(text);
      await checklist.getByRole('button', { name: 'Add', exact: true }).click();
      await checklist.getByRole('checkbox', { name: text }).waitFor();
    }
    await checklist.getByRole('checkbox', { name: 'Check the weather' }).focus();
    await page.keyboard.press('Space');
    await checklist.getByText('1 of 3 done').waitFor();
    await checklist.getByRole('button', { name: 'Move “Count down” up' }).click();
    const order = async () => (await checklist.locator('ol.checklist li label').allTextContents()).map((text) => text.trim());
    await page.waitForFunction(() => document.querySelector('ol.checklist li:nth-child(2) label')?.textContent?.includes('Count down'));
    await checklist.getByRole('button', { name: 'Remove “Fuel the tanks”' }).click();
    await checklist.getByRole('checkbox', { name: 'Fuel the tanks' }).waitFor({ state: 'detached' });
    await page.reload();
    await checklist.getByText('1 of 2 done').waitFor();
    const kept = await order();
    expect(kept.join('|') === 'Count down|Check the weather', `checklist order after reload: ${kept.join('|')}`);
    expect(await checklist.getByRole('checkbox', { name: 'Check the weather' }).isChecked(), 'the ticked item lost its tick');
    await checks(page, '05b-checklist');
  });

  await step('dependencies: a task blocks another; the cycle back is refused and named', async () => {
    const dependencies = page.getByRole('region', { name: 'Dependencies' });
    await dependencies.getByLabel('Blocked by task').selectOption({ label: 'Paint the rocket' });
    await dependencies.getByRole('button', { name: 'Add', exact: true }).click();
    await dependencies.getByRole('link', { name: 'Paint the rocket' }).waitFor();
    await dependencies.getByRole('link', { name: 'Paint the rocket' }).click();
    await page.getByRole('heading', { name: 'Paint the rocket' }).waitFor();
    const back = page.getByRole('region', { name: 'Dependencies' });
    await back.getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await back.getByLabel('Blocked by task').selectOption({ label: 'Write the flight plan' });
    await back.getByRole('button', { name: 'Add', exact: true }).click();
    await back.getByText('would close a cycle').waitFor();
    await checks(page, '05c-dependencies');
    await page.goto(taskUrl);
    await page.getByRole('heading', { name: 'Write the flight plan' }).waitFor();
  });

  await step('planning: a label, a milestone, dates and an estimate, the task\'s history of them; the timeline draws the dependency; a task opened by its key', async () => {
    await page.goto(orgUrl);
    await page.getByRole('link', { name: 'Labels' }).click();
    const newLabel = page.getByRole('form', { name: 'New label' });
    await newLabel.getByLabel('Name').fill('Flight');
    await newLabel.getByLabel('Colour').fill('#d1242f');
    await newLabel.getByRole('button', { name: 'Add label' }).click();
    await page.locator('.label-chip', { hasText: 'Flight' }).first().waitFor();
    await checks(page, '05d-labels');

    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Milestones' }).click();
    const newMilestone = page.getByRole('form', { name: 'New milestone' });
    await newMilestone.getByLabel('Name').fill('Launch day');
    await newMilestone.getByLabel('Due date').fill('2026-12-24');
    await newMilestone.getByRole('button', { name: 'Add milestone' }).click();
    await page.getByRole('listitem', { name: 'Launch day' }).waitFor();

    for (const [title, start, due, hours] of [['Paint the rocket', '2026-12-01', '2026-12-04', ''], ['Write the flight plan', '2026-12-07', '2026-12-11', '6']]) {
      await page.goto(projectUrl);
      await page.getByRole('link', { name: title }).click();
      await page.getByRole('heading', { name: title }).waitFor();
      await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
      const editor = page.getByRole('form', { name: 'Edit task' });
      await editor.getByLabel('Start date').fill(start);
      await editor.getByLabel('Due date').fill(due);
      if (hours) {
        await editor.getByLabel('Estimate (hours)').fill(hours);
        await editor.getByLabel('Milestone').selectOption({ label: 'Launch day' });
        await editor.getByRole('checkbox', { name: 'Flight' }).check();
      }
      await editor.getByRole('button', { name: 'Save' }).click();
      await page.getByText(`Start: ${start}`).waitFor();
    }
    await page.getByText('Estimate: 6 h').waitFor();
    await page.getByText('Milestone: Launch day').waitFor();
    await page.locator('p.meta .label-chip', { hasText: 'Flight' }).waitFor();
    // The task's history follows the edit just saved: each field, from what to what, by whom.
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('set the estimate to 6 h').waitFor();
    await history.getByText('added the label Flight').waitFor();
    await history.getByText('set the milestone to Launch day').waitFor();
    await history.getByText('set the due date to 2026-12-11').waitFor();
    await history.scrollIntoViewIfNeeded();
    await checks(page, '05n-history');
    const key = (await page.locator('h1 .task-key').textContent())?.trim() ?? '';
    expect(/^[A-Z][A-Z0-9]+-1$/.test(key), `the first task's key: ${key}`);

    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Milestones' }).click();
    await page.getByText('0 of 1 tasks done').waitFor();
    await checks(page, '05e-milestones');
    await page.getByRole('link', { name: 'Timeline' }).click();
    await page.locator('.timeline rect.bar').nth(1).waitFor();
    await page.locator('.timeline path.arrow').first().waitFor();
    expect(await page.locator('.timeline path.arrow').count() === 1, 'one dependency arrow');
    await checks(page, '05f-timeline');

    await page.getByRole('link', { name: 'List', exact: true }).click();
    await page.getByRole('form', { name: 'Filter tasks' }).getByLabel('Label', { exact: true }).selectOption({ label: 'Flight' });
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**labelId=**');
    await page.getByRole('link', { name: 'Paint the rocket' }).waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await page.locator('td .label-chip', { hasText: 'Flight' }).waitFor();
    await checks(page, '05g-filtered-by-label');
    await page.getByRole('button', { name: 'Clear' }).click();
    await page.getByLabel('Task key').fill('ZZ-404');
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByText('No task ZZ-404 that you can see.').waitFor();
    await page.getByLabel('Task key').fill(key.toLowerCase());
    await page.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('heading', { name: 'Write the flight plan' }).waitFor();
  });

  await step('templates: build one by dragging steps, publish, compare versions, import with named problems, start a project from it', async () => {
    await page.goto(orgUrl);
    await page.getByRole('link', { name: 'Templates' }).click();
    const newTemplate = page.getByRole('form', { name: 'New template' });
    await newTemplate.getByLabel('Name').fill('Release');
    await newTemplate.getByRole('button', { name: 'Create and edit' }).click();
    await page.getByRole('heading', { name: 'Release', level: 1 }).waitFor();
    templateUrl = page.url();
    await page.getByRole('button', { name: 'Add step to Phase 1' }).click();
    await page.getByRole('button', { name: 'Add step to Phase 1' }).click();
    const first = page.locator('li[data-step="step-1"]');
    await first.locator('summary').click();
    await first.getByLabel('Title').fill('Build the release');
    await first.getByLabel('Checklist (one item per line)').fill('Tag the commit\nBuild the image');
    await first.getByLabel('Due in working days').fill('2');
    const second = page.locator('li[data-step="step-2"]');
    await second.locator('summary').click();
    await second.getByLabel('Title').fill('Ship it');
    await second.getByLabel('Role').fill('manager');
    await second.getByRole('checkbox', { name: 'step-1' }).check();
    await second.getByLabel('Due in working days').fill('1');
    await second.getByLabel('Counted from').selectOption('dependencies');
    await page.getByRole('button', { name: 'Add phase' }).click();
    // Drag the second step into the new phase.
    await second.locator('summary').click();
    await second.dragTo(page.getByRole('region', { name: 'Phase 2: Phase 2' }));
    await page.getByRole('region', { name: 'Phase 2: Phase 2' }).locator('li[data-step="step-2"]').waitFor();
    // Renaming a key, one keystroke at a time, keeps the focus and carries the dependency along.
    const firstKey = page.getByRole('region', { name: 'Phase 1: Phase 1' }).getByLabel('Key');
    await firstKey.fill('');
    await firstKey.pressSequentially('build');
    await page.locator('li[data-step="build"]').waitFor();
    await page.getByText('after build').waitFor();
    await page.getByRole('button', { name: 'Save draft' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('button', { name: 'Publish version 1' }).click();
    await page.getByText('Version 1 published.').waitFor();
    await page.getByText('Published versions never change').waitFor();
    await page.getByLabel('Name', { exact: true }).fill('Release train');
    await page.getByRole('button', { name: 'Add step to Phase 1' }).click();
    // Leaving with unsaved changes asks first; staying keeps them.
    page.once('dialog', (dialog) => void dialog.dismiss());
    await page.getByRole('link', { name: 'All templates' }).click();
    await page.getByText('Unsaved changes.').waitFor();
    await page.getByRole('button', { name: 'Save as draft of version 2' }).click();
    await page.getByText('Draft saved.').waitFor();
    await page.getByRole('button', { name: 'Compare side by side' }).click();
    await page.getByText('From version 1 to version 2: steps added 1, changed 0, removed 0; renamed').waitFor();
    await checks(page, '05h-template-editor');

    await page.getByRole('link', { name: 'All templates' }).click();
    const importForm = page.getByRole('form', { name: 'Import a template' });
    await importForm.getByLabel('Or paste the document').fill('{"format": "rampart.process-template/1", "name": " ", "phases": [{"name": "P", "steps": [{"key": "Bad Key", "title": "T"}]}]}');
    await importForm.getByRole('button', { name: 'Import' }).click();
    await page.getByText('Phase 1 “P”, step 1 “T”: key').waitFor();
    await page.getByText('must not be empty or only spaces').waitFor();
    await checks(page, '05i-template-import-problems');

    await page.goto(orgUrl);
    const start = page.getByRole('form', { name: 'New project from a template' });
    await start.getByLabel('Template').selectOption({ label: 'Release train' });
    await start.getByLabel('Project name').fill('Release 1.0');
    await start.getByLabel('Start date').fill('2026-12-07');
    await start.getByRole('button', { name: 'Start the project' }).click();
    await page.getByRole('heading', { name: 'Release 1.0' }).waitFor();
    await page.getByRole('link', { name: 'Ship it' }).waitFor();
    await page.getByRole('link', { name: 'Build the release' }).click();
    await page.getByText('Tag the commit').waitFor();
    await page.getByText('Due: 2026-12-09').waitFor();
    await checks(page, '05j-task-from-template');
    await page.getByRole('link', { name: 'Release 1.0' }).click();
    await page.getByRole('link', { name: 'Settings' }).click();
    await page.getByRole('link', { name: 'version 1 of a process template' }).waitFor();
  });

  await step('workflow: a review status, a move only managers make, the board follows it and a move it lacks is refused', async () => {
    await page.goto(projectUrl);
    await page.getByRole('navigation', { name: 'Project views' }).getByRole('link', { name: 'Workflow' }).click();
    await page.getByRole('heading', { name: 'Allowed moves' }).waitFor();
    const add = page.getByRole('form', { name: 'Add a status' });
    await add.getByLabel('New status').fill('In review');
    await add.getByLabel('Category').selectOption('in_progress');
    await add.getByRole('button', { name: 'Add status' }).click();
    await page.getByRole('textbox', { name: 'Name of status 5' }).waitFor();
    // Keyboard: the new status goes before Done.
    await page.getByRole('button', { name: 'Move In review up' }).focus();
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    expect(await page.getByRole('textbox', { name: 'Name of status 3' }).inputValue() === 'In review', 'In review moved up twice');
    await page.getByRole('button', { name: 'Remove Cancelled' }).click();
    await page.getByLabel('Tasks in “Cancelled” move to').waitFor();
    await page.getByRole('checkbox', { name: 'Allow To do to Done' }).uncheck();
    await page.getByRole('checkbox', { name: 'Allow In progress to In review' }).check();
    await page.getByRole('checkbox', { name: 'Allow In review to Done' }).check();
    await page.getByRole('checkbox', { name: 'Allow In review to In progress' }).check();
    await page.getByLabel('In review → Done').fill('manager');
    await page.getByRole('button', { name: 'Save workflow' }).click();
    await page.getByText('The workflow is saved.').waitFor();
    await checks(page, '05k-workflow');

    await page.getByRole('link', { name: 'Board' }).click();
    const review = page.locator('section.column[data-status="in_review"]');
    await review.waitFor();
    await page.locator('section.column[data-status="cancelled"]').waitFor({ state: 'detached' });
    await page.locator('[data-task]', { hasText: 'Write the flight plan' }).dragTo(review);
    await review.locator('[data-task]', { hasText: 'Write the flight plan' }).waitFor();
    // A move the workflow does not have is put back, with the moves it has.
    const todoCard = page.locator('section.column[data-status="todo"] [data-task]').first();
    await todoCard.dragTo(page.locator('section.column[data-status="done"]'));
    await page.getByText('The workflow has no move from To do to Done; from To do a task may go to In progress.').waitFor();
    await checks(page, '05l-board-workflow');

    await page.getByRole('link', { name: 'Write the flight plan' }).click();
    const moves = page.getByRole('group', { name: 'Move the task' });
    await moves.getByRole('button', { name: 'In progress' }).waitFor();
    await moves.getByRole('button', { name: 'Done' }).click();
    await page.locator('p.meta .badge.status', { hasText: 'Done' }).waitFor();
    await moves.getByRole('button', { name: 'To do' }).waitFor();

    await page.goto(orgUrl);
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Workflow' }).click();
    await page.getByRole('heading', { name: 'Default workflow' }).waitFor();
    await page.getByRole('textbox', { name: 'Name of status 4' }).waitFor();
    await checks(page, '05m-default-workflow');
  });

  let invitee;
  await step('sprints: plan by dragging and from the keyboard, story points, start and close; burndown and velocity', async () => {
    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Sprints' }).click();
    const form = page.getByRole('form', { name: 'New sprint' });
    await form.getByLabel('Name').fill('Sprint 1');
    await form.getByLabel('Goal').fill('Launch the rocket');
    await form.getByLabel('Start date').fill('2026-11-30');
    await form.getByLabel('End date').fill('2026-12-11');
    await form.getByRole('button', { name: 'Add sprint' }).click();
    const sprint = page.getByRole('region', { name: 'Tasks in Sprint 1' });
    const backlog = page.getByRole('region', { name: 'Tasks in Backlog' });
    await sprint.waitFor();
    await backlog.locator('[data-task]', { hasText: 'Secret payload design' }).dragTo(sprint);
    await sprint.locator('[data-task]', { hasText: 'Secret payload design' }).waitFor();
    // The keyboard way: the row's own button.
    await backlog.getByRole('button', { name: 'Move Paint the rocket to Sprint 1' }).focus();
    await page.keyboard.press('Enter');
    await sprint.locator('[data-task]', { hasText: 'Paint the rocket' }).waitFor();
    await sprint.getByLabel('Story points of Secret payload design').fill('5');
    await page.keyboard.press('Enter');
    await sprint.getByText('2 tasks · 5 points').waitFor();
    await sprint.getByLabel('Story points of Paint the rocket').fill('3');
    await page.keyboard.press('Tab');
    await sprint.getByText('2 tasks · 8 points').waitFor();
    // Reordering within the sprint from the keyboard.
    await sprint.getByRole('button', { name: 'Move Paint the rocket up' }).click();
    await page.waitForFunction(() => document.querySelector('[aria-label="Tasks in Sprint 1"] .plan-item')?.textContent?.includes('Paint the rocket'));
    await page.getByRole('button', { name: 'Start sprint' }).click();
    // Paint the rocket is done already: 5 points of the open task are committed.
    await page.getByText('Burndown: 5 points committed').waitFor();
    await checks(page, '05o-sprint-planning');
    await page.getByRole('form', { name: 'Close the sprint' }).getByRole('button', { name: 'Close sprint' }).click();
    await page.getByText('Velocity: 3 points completed per sprint').waitFor();
    // The unfinished task went back to the backlog; the done one stayed.
    await backlog.locator('[data-task]', { hasText: 'Secret payload design' }).waitFor();
    await checks(page, '05p-sprint-closed');
    // The task itself says where it stands, and its history how it got there.
    await backlog.getByRole('link', { name: 'Secret payload design' }).click();
    await page.getByText('Sprint: backlog').waitFor();
    await page.getByText('5 points').first().waitFor();
    const history = page.getByRole('region', { name: 'History' });
    await history.getByText('moved it from Sprint 1 to the backlog').waitFor();
    await history.getByText('set the story points to 5').waitFor();
    await page.getByRole('button', { name: 'Edit', exact: true }).first().click();
    await page.getByRole('form', { name: 'Edit task' }).getByLabel('Story points').fill('8');
    await page.getByRole('form', { name: 'Edit task' }).getByRole('button', { name: 'Save' }).click();
    await history.getByText('changed the story points from 5 to 8').waitFor();
  });

  await step('invitation: mailed link, new account, sees what the role allows', async () => {
    await page.goto(orgUrl);
    await page.getByRole('link', { name: 'Invitations' }).click();
    await page.getByRole('form', { name: 'Invite someone' }).getByLabel('Email').fill(INVITEE.email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText(`Invitation sent to ${INVITEE.email}`).waitFor();
    const link = await mailedLink(server.home, INVITEE.email, 'invitation', server.base);
    invitee = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bob = await newPage(invitee);
    await bob.goto(link);
    await bob.getByLabel('Your name').fill(INVITEE.name);
    await bob.getByLabel('Password').fill(INVITEE.password);
    await bob.getByRole('button', { name: 'Create account and join' }).click();
    await bob.getByText('Your account is ready').waitFor();
    await signIn(bob, INVITEE.email, INVITEE.password);
    await bob.getByRole('heading', { name: `Hello, ${INVITEE.name}` }).waitFor();
    // Organization members see the projects they are members of: the owner adds Bob to this one.
    await bob.goto(projectUrl);
    await bob.getByRole('heading', { name: 'Project not found' }).waitFor();
    await page.goto(`${projectUrl}/settings`);
    await page.getByLabel('Member of the organization (email)').fill(INVITEE.email);
    await page.getByRole('form', { name: 'Add a project member' }).getByLabel('Role').selectOption('contributor');
    await page.getByRole('button', { name: 'Add', exact: true }).click();
    await page.getByRole('cell', { name: INVITEE.email }).waitFor();
    await checks(page, '06-project-settings');
    await bob.goto(projectUrl);
    await bob.getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await bob.getByRole('link', { name: 'Paint the rocket' }).waitFor();
    expect(await bob.getByText('Secret payload design').count() === 0, 'a restricted task is visible to a member');
    await bob.goto(restrictedUrl);
    await bob.getByRole('heading', { name: 'Task not found' }).or(bob.getByRole('alert')).first().waitFor();
    expect(await bob.getByText('Secret payload design').count() === 0, 'a restricted task opened by its address');
    await checks(bob, '07-invitee-project');
    await invitee.close();
  });

  await step('notifications: a mention picked from the list, the bell counts it, marked read; watching; mail settings', async () => {
    await page.goto(taskUrl);
    const box = page.getByRole('combobox', { name: 'Comment (Markdown)' });
    await box.click();
    await box.pressSequentially('Please check the fins, @Bo');
    const offer = page.getByRole('option', { name: INVITEE.name });
    await offer.waitFor();
    await checks(page, '05q-mention-picker');
    await box.press('Enter');
    expect((await box.inputValue()).includes('](mention:'), 'the picker writes a mention');
    await box.pressSequentially('thanks');
    await page.getByRole('button', { name: 'Comment', exact: true }).click();
    const mention = page.locator('ol.comments a[href^="#mention-"]', { hasText: `@${INVITEE.name}` });
    await mention.waitFor();

    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bob = await newPage(context);
    await signIn(bob, INVITEE.email, INVITEE.password);
    await bob.getByRole('heading', { name: `Hello, ${INVITEE.name}` }).waitFor();
    // Added to the project and mentioned: two unread.
    await bob.getByRole('link', { name: 'Notifications, 2 unread' }).click();
    await bob.getByRole('heading', { name: 'Notifications', exact: true }).waitFor();
    const mentioned = bob.locator('ol.notifications li', { hasText: 'mentioned you on' });
    await mentioned.waitFor();
    await bob.locator('ol.notifications li', { hasText: 'added you to a project' }).waitFor();
    await checks(bob, '05r-notifications');
    await mentioned.getByRole('button', { name: /^Mark read/ }).click();
    await bob.getByRole('link', { name: 'Notifications, 1 unread' }).waitFor();
    await bob.getByRole('button', { name: 'Unread (1)' }).click();
    await bob.getByRole('heading', { name: 'Unread', exact: true }).waitFor();
    await bob.locator('ol.notifications li', { hasText: 'added you to a project' }).waitFor();
    // A read one is left out of Unread.
    await bob.locator('ol.notifications li', { hasText: 'mentioned you on' }).waitFor({ state: 'detached' });
    await bob.getByRole('button', { name: 'Mark all read' }).click();
    await bob.getByRole('link', { name: 'Notifications, none unread' }).waitFor();
    await bob.getByText('Nothing unread.').waitFor();

    // The mention made Bob watch the task; he stops.
    await bob.getByRole('button', { name: 'All', exact: true }).click();
    await bob.locator('ol.notifications li', { hasText: 'mentioned you on' }).getByRole('link').click();
    const watch = bob.getByRole('button', { name: 'Watching' });
    await watch.waitFor();
    expect(await watch.getAttribute('aria-pressed') === 'true', 'a mentioned person watches the task');
    await watch.click();
    await bob.getByRole('button', { name: 'Watch', exact: true }).waitFor();

    await bob.goto(`${server.base}/account/notifications`);
    await bob.getByRole('radio', { name: /Daily summary/ }).waitFor();
    expect(await bob.getByRole('radio', { name: /Daily summary/ }).isChecked(), 'daily is the default');
    await bob.getByRole('radio', { name: /At once/ }).check();
    await bob.getByRole('button', { name: 'Save' }).click();
    await bob.getByText('Saved.').waitFor();
    await checks(bob, '05s-notification-mail');
    await context.close();
  });

  await step('search: the top bar finds a word of a comment; a prefix with a project filter on the search page', async () => {
    await page.goto(orgUrl);
    const box = page.getByRole('search', { name: 'Search this organization' }).getByRole('searchbox');
    await box.fill('fins');
    await box.press('Enter');
    await page.getByRole('heading', { name: 'Search', exact: true }).waitFor();
    const hit = page.locator('ol.search-results li', { hasText: 'Write the flight plan' });
    await hit.waitFor();
    expect((await hit.innerText()).includes('Found in a comment'), 'the hit says where the words are');
    const words = page.getByRole('searchbox', { name: /Words/ });
    await words.fill('flig');
    await page.getByLabel('Project').selectOption({ label: 'Moon launch' });
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL(/q=flig.*project=/);
    await page.locator('ol.search-results li', { hasText: 'Write the flight plan' }).waitFor();
    await checks(page, '05t-search');
    await words.fill('zzzq');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.getByText('No task you may see holds every one of these words.').waitFor();
  });

  await step('webhooks: add one, its secret shown once; a test arrives signed; the delivery log; rotate with an overlap; turn off', async () => {
    await page.goto(orgUrl);
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { name: 'New webhook' }).waitFor();
    const form = page.getByRole('form', { name: 'New webhook' });
    // Refused at once: a receiver on loopback is not a public address.
    await form.getByLabel('Receiver URL (https)').fill('https://127.0.0.1/hook');
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText(/not a public address \(loopback\)/).waitFor();
    await form.getByLabel('Receiver URL (https)').fill(receiver.url('/rampart'));
    await form.getByRole('checkbox', { name: /A task is deleted/ }).check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await confirmIfAsked(page);
    const secretBox = page.getByRole('textbox', { name: 'Signing secret' });
    await secretBox.waitFor();
    const signing = await secretBox.inputValue();
    expect(signing.startsWith('whsec_'), 'the secret is shown once');
    await checks(page, '05u-webhook-secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(!(await page.content()).includes(signing), 'the secret is gone from the page');
    const row = page.getByRole('row', { name: new RegExp(receiver.url('/rampart').replace(/[.]/g, '\\.')) });
    await row.getByRole('button', { name: /Send test/ }).click();
    await page.getByText('A test event is on its way').waitFor();
    const deadline = Date.now() + 20_000;
    while (!receiver.requests.some((r) => r.path === '/rampart') && Date.now() < deadline) await page.waitForTimeout(200);
    const test = receiver.requests.find((r) => r.path === '/rampart');
    expect(test && JSON.parse(test.body).type === 'webhook.test', 'the test event arrived');
    expect(receiver.verify(test, signing), 'its signature verifies with the secret shown');
    const log = page.getByRole('table', { name: 'Deliveries of the webhook' });
    for (let tries = 0; tries < 20 && !(await log.getByText(/Delivered, HTTP 204/).count()); tries++) {
      await page.getByRole('button', { name: 'Refresh' }).click();
      await page.waitForTimeout(300);
    }
    await log.getByText(/Delivered, HTTP 204/).waitFor();
    await checks(page, '05v-webhook-log');
    await row.getByRole('button', { name: /Rotate secret/ }).click();
    await confirmIfAsked(page);
    await page.getByText(/The old secret signs too until/).waitFor();
    const rotated = await page.getByRole('textbox', { name: 'Signing secret' }).inputValue();
    expect(rotated !== signing && rotated.startsWith('whsec_'), 'a new secret');
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await row.getByRole('button', { name: /Turn off/ }).click();
    await row.getByText('Off', { exact: true }).waitFor();
  });

  await step('import and export: a Jira CSV checked by a dry run, imported as a new project; the project downloaded as CSV', async () => {
    await page.goto(orgUrl);
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'Import' }).click();
    const form = page.getByRole('form', { name: 'Choose a file to import' });
    await form.waitFor();
    const csv = ['Issue key,Summary,Status,Priority,Assignee Email,Due Date,Description,Comment',
      `PAY-1,Fuel the stage,In Progress,Highest,${OWNER.email},12/Mar/27,"Two tanks, then vent","12/Mar/27 3:45 PM;acct-1;Looks good"`,
      'PAY-2,Check the valves,Done,Low,,,,',
      'PAY-3,,To Do,Medium,,,,'].join('\r\n');
    await form.getByLabel('CSV file (UTF-8)').setInputFiles({ name: 'jira.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await form.getByLabel('New project’s name').fill('Imported payload');
    await form.getByRole('button', { name: 'Check the file' }).click();
    await page.getByRole('heading', { name: 'What the import would do' }).waitFor();
    await page.getByText('3 rows read: 2 tasks with 1 comment would be made; 1 row is left out (see below).').waitFor();
    await page.getByText('Line 4: no summary: left out').waitFor();
    await checks(page, '05w-import-dry-run');
    await page.getByRole('button', { name: 'Import 2 tasks' }).click();
    await page.getByText('Imported 2 tasks with 1 comment; 1 row is left out (see below).').waitFor();
    await page.getByRole('link', { name: /Open the new project/ }).click();
    await page.getByRole('heading', { name: 'Imported payload' }).waitFor();
    await page.getByText('Fuel the stage').first().waitFor();
    const imported = page.url().split('/projects/')[1].split(/[/?#]/)[0];
    await page.goto(`${server.base}/projects/${imported}/settings`);
    await page.getByRole('heading', { name: 'Export and integrations' }).waitFor();
    await checks(page, '05x-export');
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download CSV' }).click()]);
    const file = join(OUT, 'project.csv');
    await download.saveAs(file);
    const exported = readFileSync(file, 'utf8');
    expect(exported.startsWith('record,task_key,task_id,title'), 'the export has its header');
    expect(exported.includes('Fuel the stage') && exported.includes('Looks good'), 'the export holds the imported task and its comment');
    // The project's own webhooks: only its own are listed, a new one is for this project.
    await page.getByRole('link', { name: 'the project’s webhooks' }).click();
    await page.getByRole('heading', { name: 'Webhooks of Imported payload' }).waitFor();
    await page.getByText('No webhooks yet.').waitFor();
    const hookForm = page.getByRole('form', { name: 'New webhook' });
    expect(await hookForm.getByLabel('Projects').count() === 0, 'a project\'s webhook is for that project only');
    await hookForm.getByLabel('Receiver URL (https)').fill(receiver.url('/project-hook'));
    await hookForm.getByRole('button', { name: 'Add webhook' }).click();
    await confirmIfAsked(page);
    await page.getByRole('textbox', { name: 'Signing secret' }).waitFor();
    await page.getByRole('button', { name: 'I have stored it' }).click();
    await page.getByRole('row', { name: /project-hook/ }).getByRole('cell', { name: 'Imported payload' }).waitFor();
    await checks(page, '05y-project-webhooks');
  });

  let secret = '';
  await step('TOTP: enrol with the QR code, sign in with a code', async () => {
    await page.goto(`${server.base}/account/security`);
    await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
    await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
    secret = (await page.getByTestId('totp-secret').textContent()).trim();
    await checks(page, '08-totp-enrolment');
    await page.getByLabel('The 6-digit code the app shows').fill(totp(secret));
    await page.getByRole('button', { name: 'Confirm' }).click();
    await page.getByTestId('recovery-codes').waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin**');
    // A code is good once: wait for the next 30-second step before signing in with a new one.
    await page.waitForTimeout(30_000 - (Date.now() % 30_000) + 1_000);
    await signIn(page, OWNER.email, PASSWORD);
    await page.getByLabel('Code from your authenticator app, or a recovery code').fill(totp(secret));
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: `Hello, ${OWNER.name}` }).waitFor();
  });

  await step('BI access: turned on with content, a BI user whose password is shown once; psql reads the tasks over TLS, a plain connection is refused', async () => {
    await page.goto(orgUrl);
    await page.getByRole('navigation', { name: 'Organization' }).getByRole('link', { name: 'BI access' }).click();
    const choice = page.getByRole('form', { name: 'What BI users see' });
    await choice.waitFor();
    await choice.getByRole('checkbox', { name: /Also content/ }).check();
    await choice.getByRole('button', { name: 'Turn on BI access' }).click();
    await confirmIfAsked(page);
    await page.getByRole('definition').filter({ hasText: 'a plain connection is refused' }).waitFor();
    const form = page.getByRole('form', { name: 'New BI user' });
    await form.getByLabel('Label').fill('Power BI');
    await form.getByLabel(/Networks it connects from/).fill('127.0.0.1/32');
    await form.getByRole('button', { name: 'Add BI user' }).click();
    await confirmIfAsked(page);
    const passwordBox = page.getByRole('textbox', { name: 'Password' });
    await passwordBox.waitFor();
    const password = await passwordBox.inputValue();
    const login = (await page.locator('.secret-once code').first().textContent()).trim();
    expect(password.length === 32 && /^u_[0-9a-f]{24}$/.test(login), 'a 32-character password and an opaque user name');
    await checks(page, '05z-bi-access');
    const psql = '/usr/lib/postgresql/15/bin/psql';
    if (existsSync(psql)) {
      const connect = (sslmode, sql) => spawnSync(psql, ['--no-psqlrc', '-At', '-c', sql,
        `host=127.0.0.1 port=${server.biPort} dbname=rampart_bi user=${login} sslmode=${sslmode}`],
      { env: { ...process.env, PGPASSWORD: password }, encoding: 'utf8' });
      let tasks = 0;
      for (let tries = 0; tries < 60 && tasks === 0; tries++) {
        const read = connect('require', 'select count(*) from tasks where title is not null');
        tasks = read.status === 0 ? Number(read.stdout.trim()) : 0;
        if (tasks === 0) await page.waitForTimeout(250);
      }
      expect(tasks > 0, 'psql reads the organization\'s tasks, titles included');
      const plain = connect('disable', 'select 1');
      expect(plain.status !== 0 && plain.stderr.includes('no encryption'), 'a plain connection is refused');
    }
    else if (process.env.RAMPART_TEST_REQUIRE_POSTGRESQL) {
      throw new Error('psql (postgresql-client-15) is needed for the BI step');
    }
    await page.getByRole('button', { name: 'I have stored it' }).click();
    expect(!(await page.content()).includes(password), 'the password is gone from the page');
    await page.getByRole('table', { name: 'BI users of the organization' }).getByRole('cell', { name: 'Power BI', exact: true }).waitFor();
    await page.getByRole('button', { name: 'Reconcile now' }).click();
    await page.getByText(/rows compared with Rampart; nothing to change/).waitFor();
    await checks(page, '05z2-bi-users');
    await page.setViewportSize({ width: 390, height: 844 });
    await checks(page, '05z3-bi-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('passkey: add one with the virtual authenticator, sign in with it', async () => {
    const cdp = await owner.newCDPSession(page);
    await cdp.send('WebAuthn.enable');
    await cdp.send('WebAuthn.addVirtualAuthenticator', { options: { protocol: 'ctap2', transport: 'internal', hasResidentKey: true,
      hasUserVerification: true, isUserVerified: true, automaticPresenceSimulation: true } });
    await page.goto(`${server.base}/account/security`);
    await page.getByLabel('Name for the new passkey').fill('Virtual key');
    await page.getByRole('button', { name: 'Add a passkey' }).click();
    await page.getByTestId('passkeys').getByText('Virtual key').waitFor();
    await checks(page, '09-account-security');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin**');
    await page.getByRole('button', { name: 'Sign in with a passkey' }).click();
    await page.getByRole('heading', { name: `Hello, ${OWNER.name}` }).waitFor();
    await page.getByRole('region', { name: 'Assigned to me' }).getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await checks(page, '10-home');
  });

  await step('activity log shows what happened; export', async () => {
    await page.goto(orgUrl);
    await page.getByRole('link', { name: 'Activity log' }).click();
    await page.locator('table.log').getByText('task.update').first().waitFor();
    await page.locator('table.log').getByText('invitation.create').first().waitFor();
    await checks(page, '11-activity-log');
    await page.getByLabel('Action').fill('task.update');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL('**action=task.update**');
    await page.locator('table.log').getByText('invitation.create').first().waitFor({ state: 'detached' });
    await page.locator('table.log').getByText('task.update').first().waitFor();
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Export CSV' }).click()]);
    const csv = join(OUT, 'activity.csv');
    await download.saveAs(csv);
    expect(readFileSync(csv, 'utf8').includes('task.update'), 'the CSV export lacks the entries shown');
  });

  await step('other pages: members, roles, account, platform, phone width', async () => {
    await page.goto(`${orgUrl}/admin/members`);
    await page.getByRole('cell', { name: INVITEE.email }).waitFor();
    await checks(page, '12-members');
    await page.goto(`${orgUrl}/admin/roles`);
    await page.getByRole('heading', { name: 'Project roles' }).waitFor();
    const newRole = page.getByRole('form', { name: 'New custom role' });
    await newRole.getByLabel('New role name').fill('Reviewer');
    await newRole.getByLabel('task.read', { exact: true }).check();
    await newRole.getByLabel('task.comment', { exact: true }).check();
    await page.getByRole('button', { name: 'Create role' }).click();
    await page.locator('ul.roles li', { hasText: 'Reviewer' }).getByRole('button', { name: 'Edit' }).click();
    await page.getByRole('form', { name: 'Edit Reviewer' }).getByLabel('project.read', { exact: true }).check();
    await page.getByRole('button', { name: 'Save role' }).click();
    await page.getByRole('form', { name: 'Edit Reviewer' }).waitFor({ state: 'detached' });
    await page.locator('ul.roles li', { hasText: 'Reviewer' }).locator('.muted', { hasText: 'project.read' }).waitFor();
    await checks(page, '13-roles');
    await page.goto(`${server.base}/account/sessions`);
    await page.getByText('this browser').waitFor();
    await checks(page, '14-sessions');
    await page.goto(`${server.base}/platform`);
    await page.getByText('You have no platform role').waitFor();
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(projectUrl);
    await page.getByRole('link', { name: 'Write the flight plan' }).waitFor();
    await checks(page, '15-project-phone');
    await page.goto(templateUrl);
    await page.locator('li[data-step="build"]').waitFor();
    await page.locator('li[data-step="build"] summary').click();
    await checks(page, '15b-template-editor-phone');
    await page.goto(taskUrl);
    await page.getByRole('heading', { level: 1 }).waitFor();
    await checks(page, '15c-task-phone');
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  await step('mailed links: password reset and email change', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const bob = await newPage(context);
    const newPassword = 'granite orchard velvet ninety';
    await bob.goto(`${server.base}/signin`);
    await bob.getByRole('link', { name: 'Forgot your password?' }).click();
    await bob.getByRole('heading', { name: 'Reset your password' }).waitFor();
    await bob.getByLabel('Email').fill(INVITEE.email);
    await bob.getByRole('button', { name: 'Send the link' }).click();
    await bob.getByText('a link to choose a new password is on its way').waitFor();
    await bob.goto(await mailedLink(server.home, INVITEE.email, 'reset-password', server.base));
    await bob.getByLabel('New password').fill(newPassword);
    await bob.getByLabel('The same password again').fill(newPassword);
    await bob.getByRole('button', { name: 'Change password' }).click();
    await bob.getByText('Your password is changed').waitFor();
    await signIn(bob, INVITEE.email, newPassword);
    await bob.getByRole('heading', { name: `Hello, ${INVITEE.name}` }).waitFor();
    await bob.goto(`${server.base}/account`);
    await bob.getByRole('button', { name: 'Sign out' }).waitFor();
    await bob.getByLabel('Your name').waitFor();
    await checks(bob, '16-account-profile');
    await bob.getByLabel(/^Email \(now/).fill('robert@example.com');
    await bob.getByRole('button', { name: 'Change email' }).click();
    await bob.getByText('We sent a link to robert@example.com').waitFor();
    await bob.goto(await mailedLink(server.home, 'robert@example.com', 'confirm-email-change', server.base));
    await bob.getByText('Your new address is confirmed').waitFor();
    await bob.goto(`${server.base}/account`);
    await bob.getByLabel('Email (now robert@example.com)').waitFor();
    await bob.getByRole('button', { name: 'Sign out' }).click();
    await bob.waitForURL('**/signin');
    await signIn(bob, 'robert@example.com', newPassword);
    await bob.getByRole('heading', { name: `Hello, ${INVITEE.name}` }).waitFor();
    await context.close();
  });

  await step('sign-out clears the page state', async () => {
    await page.goto(taskUrl);
    await page.getByRole('heading', { name: 'Write the flight plan' }).waitFor();
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL('**/signin**');
    expect(await page.getByText('Write the flight plan').count() === 0, 'task data still on the page');
    const kept = await page.evaluate(async () => ({ local: localStorage.length, session: sessionStorage.length, cookies: document.cookie }));
    expect(kept.local === 0 && kept.session === 0 && kept.cookies === '', `browser storage after sign-out: ${JSON.stringify(kept)}`);
    await page.goBack();
    await page.waitForURL('**/signin**');
    expect(await page.getByText('Write the flight plan').count() === 0, 'going back shows task data after sign-out');
  });

  await owner.close();
}

let failed = false;
try {
  await main();
} catch (error) {
  failed = true;
  console.error(`browser tests failed: ${error.stack ?? error}`);
} finally {
  await browser?.close().catch(() => undefined);
  await server?.stop().catch(() => undefined);
  await receiver?.close().catch(() => undefined);
  writeFileSync(join(OUT, 'report.txt'), [...steps, '', ...(axeFindings.length ? ['axe-core findings:', ...axeFindings] : ['axe-core: no serious or critical findings'])].join('\n') + '\n');
}
console.log(failed ? 'browser tests: FAILED (see target/e2e/report.txt and server.log)' : `browser tests: ${steps.length} steps passed; screenshots in ${OUT}`);
process.exit(failed ? 1 : 0);
