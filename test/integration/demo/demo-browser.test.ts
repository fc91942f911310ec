/**
 * `trailwatch demo` in a real browser (Debian's Chromium, headless, through playwright-core): the incident
 * card arrives, ana presses Contain and picks "deactivate the key", her own Approve is refused, ben
 * approves, the card shows success, and the watch reports the thief's refused retry. Every click goes
 * through the page's signed request to Bolt. The screenshots are the README's: `npm run demo:screenshots`
 * runs this test with TRAILWATCH_SCREENSHOTS=docs/images; other runs write them to a temporary folder, so
 * `npm test` leaves the checkout as it was.
 */
import { existsSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pino } from 'pino';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_USERS, type Demo, startDemo } from '../../../src/app/demo.js';
import { startRedis, type TestRedis } from '../../helpers/redis-server.js';

const CHROMIUM = '/usr/bin/chromium';
const IMAGES = process.env.TRAILWATCH_SCREENSHOTS
  ? resolve(process.env.TRAILWATCH_SCREENSHOTS)
  : mkdtempSync(join(tmpdir(), 'trailwatch-demo-shots-'));
const [ANA, BEN] = DEMO_USERS.map((user) => user.id) as [string, string];

let redis: TestRedis;
let demo: Demo;
let browser: Browser;
let page: Page;
const said: string[] = [];
const logLines: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install -y chromium)`,
    );
  }
  redis = await startRedis();
  demo = await startDemo({
    redisUrl: redis.url,
    pagePort: 0,
    // The incident a second after start, and a short watch looked at often, so the story fits a test.
    timings: { incidentAfterMs: 1_000, incidentSpanMs: 30_000, watchMinutes: 0.3, watchEveryMinutes: 0.05 },
    logger: pino({ level: 'info' }, { write: (line: string) => logLines.push(line) }),
    say: (line) => said.push(line),
  });
  browser = await chromium.launch({ executablePath: CHROMIUM, headless: true });
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  // Approve asks "are you sure?" (the button's confirm dialog): the visitor says yes.
  page.on('dialog', (dialog) => void dialog.accept());
  await page.goto(demo.pageUrl);
}, 60_000);

afterAll(async () => {
  // DEMO_TEST_LOG=1 prints what the terminal would have said, then the service's log.
  if (process.env.DEMO_TEST_LOG) process.stdout.write(`${said.join('\n')}\n${logLines.join('')}`);
  await browser?.close();
  await demo?.stop();
  await redis?.stop();
});

async function shot(name: string): Promise<void> {
  mkdirSync(IMAGES, { recursive: true });
  await page.screenshot({ path: join(IMAGES, `demo-${name}.png`) });
}

/** The stolen key's incident card, the parent of its thread. */
function incidentCard(): Locator {
  return page
    .locator('#panel > .message')
    .filter({ has: page.locator('.header', { hasText: demo.victim.accessKeyId }) });
}

/** Scrolls the panel so `target` starts at the top of the screenshot. */
async function toTop(target: Locator): Promise<void> {
  await target.evaluate((element) => element.scrollIntoView({ block: 'start' }));
}

function thread(): Locator {
  return incidentCard().locator('details.thread');
}

async function openThread(): Promise<void> {
  const details = thread();
  if (!(await details.evaluate((d) => d.hasAttribute('open')))) await details.locator('summary').click();
}

describe('trailwatch demo in a browser', () => {
  it('shows the stolen key as a critical incident card in the channel', async () => {
    await expect.poll(() => incidentCard().count(), { timeout: 90_000, interval: 500 }).toBe(1);
    await expect
      .poll(() => incidentCard().locator('.header').textContent(), { timeout: 30_000 })
      .toMatch(/Incident/);
    await toTop(incidentCard());
    expect(await incidentCard().textContent()).toContain(demo.victim.userName);
    await shot('incident');
  }, 120_000);

  it('contains the key only after the second person approves, and the watch reports the refused retry', async () => {
    expect(await page.locator('#user').inputValue()).toBe(ANA);
    await incidentCard().locator('button[data-action-id="incident_contain"]').click();
    const deactivate = page
      .locator('.message.ephemeral button[data-action-id="remediation_request"]')
      .filter({ hasText: /deactivate/i })
      .first();
    await deactivate.waitFor({ timeout: 20_000 });
    await deactivate.scrollIntoViewIfNeeded();
    await shot('contain');
    await deactivate.click();

    const approve = thread().locator('button[data-action-id="remediation_approve"]').first();
    await expect.poll(() => thread().count(), { timeout: 20_000 }).toBe(1);
    await openThread();
    await approve.waitFor({ timeout: 20_000 });
    await approve.click();
    const refusal = page.getByText('You asked for this; a second person must approve it.');
    await refusal.first().waitFor({ timeout: 20_000 });
    await refusal.first().scrollIntoViewIfNeeded();
    await shot('refused');
    expect(demo.iam.account('123456789012').keys.get(demo.victim.accessKeyId)?.status).toBe('Active');

    await page.locator('#user').selectOption(BEN);
    await openThread();
    await approve.waitFor({ timeout: 20_000 });
    await approve.click();
    const done = thread().locator('.message', { hasText: /Approved by @ben.*done/ });
    await done.first().waitFor({ timeout: 30_000 });
    expect(demo.iam.account('123456789012').keys.get(demo.victim.accessKeyId)?.status).toBe('Inactive');

    const watch = thread().locator('.message', { hasText: 'No call got through' });
    await watch.first().waitFor({ timeout: 60_000 });
    expect(await watch.first().textContent()).toMatch(/denied \(InvalidClientTokenId\)/);
    await toTop(done.first());
    await shot('contained');
    await toTop(watch.first());
    await shot('watch');
  }, 150_000);

  it('answers /trail typed in the page through the signed slash-command path', async () => {
    await page.locator('#composer').fill('/trail help');
    await page.locator('#composer').press('Enter');
    await page
      .locator('.message.ephemeral', { hasText: 'answers questions about CloudTrail' })
      .first()
      .waitFor({ timeout: 20_000 });
  }, 30_000);

  it('opens App Home for the visitor', async () => {
    await page.locator('button.tab[data-tab="home"]').click();
    await page.locator('#panel .surface').waitFor({ timeout: 20_000 });
    expect(await page.locator('#panel').textContent()).toMatch(/incident/i);
  }, 30_000);
});
