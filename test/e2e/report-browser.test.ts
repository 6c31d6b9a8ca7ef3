// The Friday snapshot as its reader sees it: `report --format html` on the demo, opened in headless
// Chromium at phone width (390×844) and desktop width (1280×900). The page must log no console
// errors, fetch nothing but itself, fit the phone's width (wide tables scroll inside their box,
// the page does not), and draw its charts. The screenshots go to docs/ for the README.
//
// Needs Debian's `chromium` (/usr/bin/chromium; CI installs it before `npm test`). Without it the
// suite is skipped with a message, so `npm test` still passes on a laptop without Chromium; with
// DEALPULSE_REQUIRE_BROWSER=1 (for CI) a missing browser is a failure instead of a skip.
// DEALPULSE_CHROMIUM names another executable.
// Run `npm run build` first (the CLI is run from dist/bundle/).
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, runCli } from '../support/run-cli.js';

const CHROMIUM = process.env.DEALPULSE_CHROMIUM ?? '/usr/bin/chromium';
const HAS_CHROMIUM = existsSync(CHROMIUM);
const SKIP_NOTE = `SKIPPED: ${CHROMIUM} not found — install Debian's chromium package (apt-get install chromium) to run the browser test`;
if (!HAS_CHROMIUM) process.stderr.write(`report-browser.test.ts: ${SKIP_NOTE}\n`);

describe.runIf(!HAS_CHROMIUM && process.env.DEALPULSE_REQUIRE_BROWSER === '1')('browser required (DEALPULSE_REQUIRE_BROWSER=1)', () => {
  it('finds Chromium', () => {
    expect.fail(`${CHROMIUM} not found, and DEALPULSE_REQUIRE_BROWSER=1 asks for the browser test to run`);
  });
});

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const DOCS = path.join(ROOT, 'docs');

interface PageVisit {
  requests: string[];
  consoleErrors: string[];
  svgs: number;
  sparklines: number;
  bars: number;
  overflow: { scrollWidth: number; innerWidth: number };
}

describe.skipIf(!HAS_CHROMIUM)(`report html in headless Chromium${HAS_CHROMIUM ? '' : ` (${SKIP_NOTE})`}`, () => {
  let work: string;
  let context: BrowserContext;
  let fileUrl: string;

  beforeAll(async () => {
    work = mkdtempSync(path.join(tmpdir(), 'dealpulse-report-'));
    const out = path.join(work, 'snapshot.html');
    const r = runCli(['report', '--config', 'kpi.example.yaml', '--as-of', '2026-03-27T18:00', '--period', 'this-week', '--format', 'html', '--out', out, '--quiet']);
    expect(r.code, r.stderr).toBe(0);
    fileUrl = pathToFileURL(out).href;
    // A fresh profile every run: nothing cached, no first-run state from an earlier run.
    context = await chromium.launchPersistentContext(path.join(work, 'profile'), { executablePath: CHROMIUM, headless: true, args: ARGS });
    mkdirSync(DOCS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await context?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  async function visit(width: number, height: number, screenshot: string): Promise<PageVisit> {
    const page: Page = await context.newPage();
    const requests: string[] = [];
    const consoleErrors: string[] = [];
    page.on('request', (req) => requests.push(req.url()));
    page.on('console', (msg) => {
      if (msg.type() === 'error') consoleErrors.push(msg.text());
    });
    page.on('pageerror', (err) => consoleErrors.push(String(err)));
    await page.setViewportSize({ width, height });
    await page.goto(fileUrl, { waitUntil: 'load' });
    await page.screenshot({ path: path.join(DOCS, screenshot), fullPage: true });
    // The page is evaluated as a string: the test code is compiled without the DOM library.
    const [scrollWidth, innerWidth] = (await page.evaluate('[document.documentElement.scrollWidth, window.innerWidth]')) as [number, number];
    const counts = {
      svgs: await page.locator('svg').count(),
      sparklines: await page.locator('svg path.line').count(),
      bars: await page.locator('svg rect.bar').count(),
      overflow: { scrollWidth, innerWidth },
    };
    await page.close();
    return { requests, consoleErrors, ...counts };
  }

  function expectCleanPage(v: PageVisit): void {
    expect(v.consoleErrors).toEqual([]);
    // The file itself is the only request: no fonts, images, styles or scripts fetched.
    expect(v.requests).toEqual([fileUrl]);
    // Charts: 3 sparklines (leads, won, conversion), progress bars for conversion vs target and
    // commission, bars for each pipeline's funnel (2 in the demo) and for zombies.
    expect(v.svgs).toBeGreaterThanOrEqual(8);
    expect(v.sparklines).toBe(3);
    expect(v.bars).toBeGreaterThan(20);
  }

  it('phone (390×844): no console errors, no requests, charts drawn, nothing wider than the screen', async () => {
    const v = await visit(390, 844, 'report-phone.png');
    expectCleanPage(v);
    expect(v.overflow.scrollWidth).toBeLessThanOrEqual(v.overflow.innerWidth);
  }, 60_000);

  it('desktop (1280×900): no console errors, no requests, charts drawn', async () => {
    const v = await visit(1280, 900, 'report-desktop.png');
    expectCleanPage(v);
    expect(v.overflow.scrollWidth).toBeLessThanOrEqual(v.overflow.innerWidth);
  }, 60_000);
});
