// Opens a run's page of 'regula serve' in headless Chromium, waits until the page shows more
// epochs than when it loaded (the run is training) with a new curve chart, and takes a
// screenshot. Usage: node dashboard-check.mjs URL SCREENSHOT.png CHROMIUM_PATH
// Prints one JSON line with what it saw; exits non-zero when the page did not update.
import { chromium } from 'playwright-core';

const [url, screenshot, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});
let exitCode = 1;
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.goto(url, { waitUntil: 'load' });
  // epochs and chart are read in one evaluation: the page may reload between two separate reads
  // (a new epoch can arrive right after the load), which would pair one page's count with the
  // next page's chart
  // The title is read in the same evaluation, from the document itself: page.title() between
  // two loads gives Chromium's placeholder ("Loading URL"), and a document still being parsed
  // has no #epochs yet; both are read again once the new page is there.
  const snapshot = async () => {
    for (let tries = 0; ; tries++) {
      try {
        const seen = await page.evaluate(() => ({
          title: document.readyState === 'complete' ? document.title : '',
          epochs: (document.querySelector('#epochs')?.textContent ?? '').trim() === '' ? NaN
            : Number(document.querySelector('#epochs').textContent),
          curve: document.querySelector('#curves')?.getAttribute('src') ?? null,
        }));
        if (Number.isFinite(seen.epochs) && seen.title) return seen;
        if (tries >= 40) return seen;
        await page.waitForTimeout(250);
      } catch (e) { // the page navigated away mid-evaluation: read the new one
        if (tries >= 40) throw e;
        await page.waitForLoadState('load').catch(() => {});
      }
    }
  };
  const first = await snapshot();
  const title = first.title;
  const firstEpochs = first.epochs;
  const firstCurve = first.curve;
  // the page polls the run's status and reloads itself when new epochs arrive
  await page.waitForFunction(
    (n) => Number(document.querySelector('#epochs')?.textContent) > n, firstEpochs, { timeout: 45000, polling: 250 });
  await page.waitForSelector('#curves');
  let later = await snapshot();
  for (let tries = 0; !(later.epochs > firstEpochs && later.curve) && tries < 20; tries++) {
    await page.waitForTimeout(250); // a reload in progress: read again once the new page is there
    later = await snapshot();
  }
  const laterEpochs = later.epochs;
  const laterCurve = later.curve;
  const diagnosis = (await page.textContent('#diagnosis')) ?? '';
  await page.screenshot({ path: screenshot, fullPage: false });
  const updated = laterEpochs > firstEpochs && firstCurve !== laterCurve;
  console.log(JSON.stringify({ title, firstEpochs, laterEpochs, curveChanged: firstCurve !== laterCurve,
    diagnosis: diagnosis.trim().slice(0, 80) }));
  exitCode = updated ? 0 : 2;
} catch (e) {
  console.log(JSON.stringify({ error: String(e) }));
} finally {
  await browser.close();
}
process.exit(exitCode);
