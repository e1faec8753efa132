// The campaign privacy pre-check in real Chromium: the link the plugin puts on a campaign's DetailView, and the page of
// the SpherePlan entry point (the plugin's real SpherePlanPage on the SuiteCRM stand-ins, served by PHP's built-in
// server) asking a real connector (marker policy: "DENY" anywhere → deny, "APPR" → approval, otherwise allow).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startConnector, type RunningConnector } from '../support/connector';
import { markerBundle } from '../connector/fixtures/marker-policy';
import { launchChromium, startPhpRouter } from '../support/browser';

describe('campaign privacy pre-check in Chromium', function () {
  this.timeout(120_000);
  let connector: RunningConnector;
  let php: ChildProcess;
  let browser: Browser;
  let base: string;
  let dir: string;

  before(async () => {
    connector = await startConnector();
    const published = await connector.request('POST', '/v1/policies', await markerBundle('plan-rev', 'allow'));
    assert.ok(published.status < 300, published.text);
    dir = mkdtempSync(join(tmpdir(), 'sphere-plan-browser-'));
    ({ base, process: php } = await startPhpRouter('plan-router.php', { SPHERE_URL: connector.url, SPHERE_SECRET: connector.secret, SPHERE_PLAN_DB: join(dir, 'suitecrm.sqlite') }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    php?.kill('SIGTERM');
    await connector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const text = async (page: Page, selector: string): Promise<string> => ((await page.locator(selector).textContent()) ?? '').trim();
  const cells = async (page: Page, row: number): Promise<string[]> =>
    (await page.locator('#sphere-plan-blocked tbody tr').nth(row).locator('td').allTextContents()).map((t) => t.trim());

  it('is reached from the campaign DetailView and shows the counts, the reasons by rule and the blocked recipients in English', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.php?module=Campaigns&action=DetailView&record=camp-1&lang=en_us`);
    // placed right under the page title
    assert.equal(await page.locator('.moduleTitle + #sphere-plan-link').count(), 1);
    assert.equal(await text(page, '#sphere-plan-open'), 'Privacy pre-check (Sphere)');
    assert.equal(await text(page, '#sphere-plan-open-test'), 'Privacy pre-check of the test send (Sphere)');
    await Promise.all([page.waitForURL(/entryPoint=SpherePlan/), page.click('#sphere-plan-open')]);

    assert.equal(await text(page, '#sphere-plan-title'), 'Privacy pre-check: Frühjahr <Newsletter>');
    assert.equal(await page.locator('#sphere-plan-title b, #sphere-plan-title newsletter').count(), 0, 'the campaign name is text, not markup');
    assert.equal(await text(page, '#sphere-plan-marketing'), 'The campaign has no e-mail marketing yet, so it has not been sent to anyone before.');
    assert.equal(await text(page, '#sphere-plan-queued'), '59');
    assert.equal(await text(page, '#sphere-plan-suppressed'), '1');
    assert.deepEqual((await page.locator('#sphere-plan-suppressions tbody tr td').allTextContents()).map((t) => t.trim()), ['Opted out in SuiteCRM', '1']);
    assert.equal(await text(page, '#sphere-plan-recipients'), '58');
    assert.equal(await text(page, '#sphere-plan-allow'), '2');
    assert.equal(await text(page, '#sphere-plan-warn'), '0');
    assert.equal(await text(page, '#sphere-plan-deny'), '55');
    assert.equal(await text(page, '#sphere-plan-approval'), '1');
    assert.equal(await text(page, '#sphere-plan-revision'), 'plan-rev');
    assert.deepEqual((await page.locator('#sphere-plan-rules tbody tr td').allTextContents()).map((t) => t.trim()),
      ['test.marker_deny', 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint', '55']);

    assert.equal(await text(page, '#sphere-plan-blocked-heading'), 'Recipients Sphere would not let through (1–50 of 56)');
    assert.equal(await page.locator('#sphere-plan-blocked tbody tr').count(), 50);
    assert.deepEqual(await cells(page, 0), ['Contacts', 'Erika Blocked 0', 'Blocked', 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint']);
    assert.equal(await page.locator('#sphere-plan-blocked tbody tr').nth(0).locator('a').getAttribute('href'), 'index.php?module=Contacts&action=DetailView&record=DENY-00');

    await Promise.all([page.waitForURL(/page=2/), page.click('#sphere-plan-next')]);
    assert.equal(await text(page, '#sphere-plan-blocked-heading'), 'Recipients Sphere would not let through (51–56 of 56)');
    assert.equal(await page.locator('#sphere-plan-blocked tbody tr').count(), 6);
    assert.deepEqual(await cells(page, 5), ['Leads', 'Erika Waiting', 'Needs approval by the data protection officer', 'DPO approval needed']);
    await page.close();
  });

  it('shows the same check in German, and the test send only for the test list', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.php?module=Campaigns&action=DetailView&record=camp-1&lang=de_DE`);
    assert.equal(await text(page, '#sphere-plan-open'), 'Datenschutz-Vorabprüfung (Sphere)');
    await Promise.all([page.waitForURL(/entryPoint=SpherePlan/), page.click('#sphere-plan-open')]);
    assert.equal(await page.getAttribute('html', 'lang'), 'de');
    assert.equal(await text(page, '#sphere-plan-title'), 'Datenschutz-Vorabprüfung: Frühjahr <Newsletter>');
    assert.equal(await text(page, '#sphere-plan-summary tr:nth-child(6) th'), 'Gesperrt');
    assert.deepEqual((await page.locator('#sphere-plan-suppressions tbody tr td').allTextContents()).map((t) => t.trim()), ['In SuiteCRM abgemeldet (Opt-out)', '1']);
    assert.equal(await text(page, '#sphere-plan-deny'), '55');
    assert.equal(await text(page, '#sphere-plan-allow'), '2');
    assert.deepEqual((await page.locator('#sphere-plan-rules tbody tr td').allTextContents()).map((t) => t.trim()),
      ['test.marker_deny', 'Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis', '55']);
    assert.equal(await text(page, '#sphere-plan-blocked-heading'), 'Empfänger, die Sphere nicht durchließe (1–50 von 56)');
    assert.deepEqual(await cells(page, 0), ['Kontakte', 'Erika Blocked 0', 'Gesperrt', 'Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis']);

    await Promise.all([page.waitForURL(/test=1/), page.click('#sphere-plan-switch')]);
    assert.equal(await text(page, '#sphere-plan-mode'), 'Testversand: nur die Testlisten der Kampagne.');
    assert.equal(await text(page, '#sphere-plan-recipients'), '1');
    assert.equal(await text(page, '#sphere-plan-deny'), '1');
    assert.equal(await page.locator('#sphere-plan-blocked tbody tr').count(), 1);
    await page.close();
  });

  it('refuses a user who may not view the campaign, in their language', async () => {
    for (const [lang, message] of [['en_us', 'You may not view this campaign, or it does not exist.'], ['de_DE', 'Sie dürfen diese Kampagne nicht ansehen, oder es gibt sie nicht.']] as const) {
      const page = await browser.newPage();
      const response = await page.goto(`${base}/index.php?entryPoint=SpherePlan&record=camp-1&lang=${lang}&readonly=1`);
      assert.equal(response?.status(), 403);
      assert.equal(await text(page, '#sphere-plan-forbidden'), message);
      assert.equal(await page.locator('#sphere-plan-summary').count(), 0);
      await page.context().clearCookies();
      await page.close();
    }
  });
});
