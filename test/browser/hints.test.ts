// The hint script in real Chromium on a SuiteP EditView reproduction served by PHP's built-in server, whose
// entry point is the plugin's real handler talking to a real connector (marker policy: "DENY" anywhere → deny).
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startConnector, type RunningConnector } from '../support/connector';
import { markerBundle } from '../connector/fixtures/marker-policy';
import { launchChromium, startPhpRouter } from '../support/browser';

describe('inline hints in Chromium (SuiteP EditView)', function () {
  this.timeout(120_000);
  let connector: RunningConnector;
  let php: ChildProcess;
  let browser: Browser;
  let base: string;
  let dir: string;
  let submissions: string;

  before(async () => {
    connector = await startConnector();
    const published = await connector.request('POST', '/v1/policies', await markerBundle('browser-rev', 'allow'));
    assert.ok(published.status < 300, published.text);
    dir = mkdtempSync(join(tmpdir(), 'sphere-browser-'));
    submissions = join(dir, 'submissions.jsonl');
    ({ base, process: php } = await startPhpRouter('router.php', { SPHERE_URL: connector.url, SPHERE_SECRET: connector.secret, SPHERE_SUBMISSIONS: submissions }));
    browser = await launchChromium();
  });
  after(async () => {
    await browser?.close();
    php?.kill('SIGTERM');
    await connector?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  const submitted = (): string[] => (existsSync(submissions) ? readFileSync(submissions, 'utf8').trim().split('\n').filter(Boolean) : []);

  async function open(lang: string): Promise<Page> {
    const page = await browser.newPage();
    await page.goto(`${base}/index.php?module=Contacts&action=EditView&lang=${lang}`);
    await page.waitForFunction(() => Boolean((window as any).SphereHints?.active));
    return page;
  }

  async function typeAndWait(page: Page, selector: string, value: string): Promise<void> {
    const answered = page.waitForResponse((r) => r.url().includes('entryPoint=SphereDecision'));
    await page.fill(selector, value);
    await page.press(selector, 'Tab');
    await answered;
  }

  it('shows the English hint next to the field the decision names and keeps a blocked form from being submitted', async () => {
    const page = await open('en_us');
    await page.fill('#first_name', 'Erika');
    await typeAndWait(page, '#last_name', 'DENY');
    const hint = page.locator('.edit-view-field[field="email1"] .sphere-hint-violation');
    assert.equal(await hint.textContent(), 'Rule test.marker_deny (GDPR Art. 6(1)) — Hint');
    assert.equal(await page.locator('.edit-view-field[field="last_name"] .sphere-hint').count(), 0);

    await page.click('#SAVE');
    await page.locator('.sphere-hint-banner .sphere-hint-violation').waitFor();
    assert.equal(await page.locator('.sphere-hint-banner .sphere-hint-violation').textContent(), 'This record cannot be saved as entered. See the privacy notes next to the fields.');
    assert.deepEqual(submitted(), []);
    assert.equal(await page.inputValue('#last_name'), 'DENY', 'the user keeps what they typed');

    await typeAndWait(page, '#last_name', 'Muster');
    // the answer has arrived; the page clears the hints when its handler runs, a moment later
    await page.locator('.sphere-hint').first().waitFor({ state: 'detached', timeout: 5000 });
    assert.equal(await page.locator('.sphere-hint').count(), 0);
    await Promise.all([page.waitForSelector('#saved'), page.click('#SAVE')]);
    assert.equal(JSON.parse(submitted()[0]!).last_name, 'Muster');
    await page.close();
  });

  it('sends a multi-select as its field name with the multienum encoding and a radio group only as its checked option', async () => {
    const page = await open('en_us');
    const sent = async (act: () => Promise<unknown>): Promise<Record<string, string>> => {
      const request = page.waitForRequest((r) => r.url().includes('entryPoint=SphereDecision'));
      await act();
      return JSON.parse((await request).postData() ?? '{}').fields;
    };
    let fields = await sent(() => page.selectOption('#religion_c', ['catholic', 'other']));
    assert.equal(fields.religion_c, '^catholic^,^other^');
    assert.ok(!('religion_c[]' in fields) && !('religion_c_multiselect' in fields), JSON.stringify(fields));
    assert.equal(fields.politics_c, '', 'no radio checked: no value, not the first option');
    fields = await sent(() => page.check('#politics_c_right'));
    assert.equal(fields.politics_c, 'right');
    assert.equal(fields.religion_c, '^catholic^,^other^');
    await page.close();
  });

  it('shows the entry point\'s refusal (403) in the banner in the user\'s language', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}/index.php?module=Contacts&action=EditView&lang=de_DE&readonly=1`);
    await page.waitForFunction(() => Boolean((window as any).SphereHints?.active));
    const answered = page.waitForResponse((r) => r.url().includes('entryPoint=SphereDecision'));
    await page.fill('#last_name', 'Muster');
    await page.press('#last_name', 'Tab');
    assert.equal((await answered).status(), 403);
    await page.locator('.sphere-hint-banner .sphere-hint-refused').waitFor();
    assert.equal(await page.locator('.sphere-hint-banner .sphere-hint-refused').textContent(), 'Sie dürfen in Kontakte keine Datensätze bearbeiten.');
    await page.context().clearCookies();
    await page.close();
  });

  it('shows the hint in German for a German user', async () => {
    const page = await open('de_DE');
    await typeAndWait(page, '#Contacts0emailAddress0', 'DENY@example.org');
    assert.equal(await page.locator('.edit-view-field[field="email1"] .sphere-hint-violation').textContent(), 'Regel test.marker_deny (GDPR Art. 6(1)) — Hinweis');
    await page.close();
  });
});
