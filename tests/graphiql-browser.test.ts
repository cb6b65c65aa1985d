/**
 * GraphiQL end to end, in a real browser: Debian's Chromium driven by playwright-core against the
 * real Node server. The page must load, show the example tabs, run the default operation and show
 * its result; a screenshot is kept in test-results/ as an artefact.
 */
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type Locator } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_OPERATIONS } from '../src/graphiql/examples';
import { startTestServer, type TestServer } from './support/http-server';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const available = existsSync(CHROMIUM);
// In CI the browser is installed by .ci/run, so a missing one is a failure, never a skip.
if (!available && !process.env.CI) {
  console.warn(`Skipping the GraphiQL browser test: no Chromium at ${CHROMIUM} (apt-get install chromium).`);
}
const SCREENSHOT_DIRECTORY = 'test-results';

/** The editors render spaces as no-break spaces. */
const visibleText = async (locator: Locator) => (await locator.innerText()).replace(/\u00a0/g, ' ');

describe.skipIf(!available && !process.env.CI)('GraphiQL in Chromium', () => {
  let server: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    server = await startTestServer();
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking'],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
  });

  it('opens on the examples, runs the default operation and shows its result', async () => {
    const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
    const pageErrors: string[] = [];
    page.on('pageerror', (error) => pageErrors.push(error.message));
    const failed: string[] = [];
    page.on('response', (response) => {
      if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
    });

    const response = await page.goto(`${server.origin}/graphql`);
    expect(response?.status()).toBe(200);

    // One tab per named example, the first one active and holding its operation.
    const tabs = page.locator('.graphiql-tab');
    await expect.poll(() => tabs.count(), { timeout: 20_000 }).toBe(EXAMPLE_OPERATIONS.length);
    expect(await tabs.allInnerTexts()).toEqual(EXAMPLE_OPERATIONS.map((operation) => operation.name));
    await expect
      .poll(() => visibleText(page.locator('.graphiql-query-editor')), { timeout: 20_000 })
      .toContain('query Overview');

    await page.locator('.graphiql-execute-button').click();
    const result = page.locator('.graphiql-response');
    await expect
      .poll(() => visibleText(result), { timeout: 20_000 })
      .toContain('"BRICS Partnership on New Industrial Revolution');
    const text = await visibleText(result);
    expect(text).toContain('"acronym": "BPIC"');
    expect(text).not.toContain('"errors"');

    mkdirSync(SCREENSHOT_DIRECTORY, { recursive: true });
    const screenshot = join(SCREENSHOT_DIRECTORY, 'graphiql.png');
    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(10_000);

    // The editor's workers and every asset loaded from this origin, without script errors.
    expect(pageErrors).toEqual([]);
    expect(failed).toEqual([]);

    // The documentation explorer shows the schema's descriptions.
    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).first().click();
    await expect.poll(() => docs.innerText(), { timeout: 10_000 }).toContain('Public data of the BRICS PartNIR Innovation Base');

    // One real click (pointer down and up where the tab is) switches tabs, also after the window
    // changed size, which makes the tab strip change size under the tabs.
    const activeTab = () => page.locator('.graphiql-tab-active').innerText();
    for (const [width, example] of [
      [1400, EXAMPLE_OPERATIONS[3]!],
      [1024, EXAMPLE_OPERATIONS[1]!],
      [1600, EXAMPLE_OPERATIONS[0]!],
    ] as const) {
      await page.setViewportSize({ width, height: 900 });
      await page.locator(`.graphiql-tab-button[title="${example.name}"]`).click();
      expect(await activeTab(), `one click at ${width}px`).toBe(example.name);
      await expect.poll(() => visibleText(page.locator('.graphiql-query-editor')), { timeout: 10_000 }).toContain(`query ${example.name}`);
    }

    // The title stays on one line beside the tabs.
    const logo = await page.locator('.graphiql-logo').boundingBox();
    const tabHeight = (await page.locator('.graphiql-tab').first().boundingBox())!.height;
    expect(logo!.height).toBeLessThanOrEqual(tabHeight * 1.5);

    // The example that writes opens with the header to set.
    const withHeaders = EXAMPLE_OPERATIONS.find((operation) => operation.headers);
    expect(withHeaders, 'an example with headers').toBeDefined();
    await page.locator(`.graphiql-tab-button[title="${withHeaders!.name}"]`).click();
    expect(await activeTab()).toBe(withHeaders!.name);
    await expect
      .poll(() => visibleText(page.locator('.graphiql-query-editor')), { timeout: 10_000 })
      .toContain(`mutation ${withHeaders!.name}`);
    await page.getByText('Headers', { exact: true }).click();
    const headerName = Object.keys(withHeaders!.headers!)[0]!;
    await expect.poll(() => visibleText(page.locator('.graphiql-editor-tool')), { timeout: 10_000 }).toContain(`"${headerName}"`);
    await page.screenshot({ path: join(SCREENSHOT_DIRECTORY, 'graphiql-mutation.png') });
    expect(pageErrors).toEqual([]);
  });
});
