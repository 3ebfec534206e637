// Takes the README's dashboard screenshots from a running 'regula serve': the index, and parts of
// one run's report, each cut from the heading that starts it to the next heading of the same level.
// Usage: node readme-screenshots.mjs BASE_URL RUN OUT_DIR CHROMIUM_PATH
// (e.g. http://127.0.0.1:8765 try docs/images /usr/bin/chromium). Prints the files it wrote.
import { chromium } from 'playwright-core';

const [base, run, outDir, executablePath] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'],
});

// the page region from the h2 whose text starts with `title` to the next h2 (or the page end)
async function section(page, title) {
  return page.evaluate((t) => {
    const headings = [...document.querySelectorAll('h2')];
    const i = headings.findIndex((h) => h.textContent.startsWith(t));
    if (i < 0) return null;
    const top = headings[i].getBoundingClientRect().top + window.scrollY - 8;
    const end = i + 1 < headings.length ? headings[i + 1].getBoundingClientRect().top + window.scrollY - 8
      : document.documentElement.scrollHeight;
    return { x: 0, y: top, width: document.documentElement.clientWidth, height: end - top };
  }, title);
}

try {
  // a low viewport: the full-page shot is then as tall as the table, not the window
  const index = await browser.newPage({ viewport: { width: 1000, height: 100 } });
  await index.goto(`${base}/`, { waitUntil: 'load' });
  await index.screenshot({ path: `${outDir}/dashboard-index.png`, fullPage: true });
  console.log(`${outDir}/dashboard-index.png`);
  // wide enough for a ten-class confusion matrix with its images and accuracy columns
  const page = await browser.newPage({ viewport: { width: 1200, height: 700 } });
  await page.goto(`${base}/view/${run}/`, { waitUntil: 'load' });
  // the top of the report: status, validation figures, diagnosis
  const top = await section(page, 'Diagnosis');
  await page.screenshot({ path: `${outDir}/run-report-top.png`, clip: { x: 0, y: 0, width: 1200, height: top ? top.y + top.height : 700 } });
  console.log(`${outDir}/run-report-top.png`);
  for (const [title, file] of [['Test set', 'run-report-test-set.png'], ['Changed from the defaults', 'run-report-changes.png']]) {
    const clip = await section(page, title);
    if (!clip) throw new Error(`no section '${title}' in the report`);
    await page.screenshot({ path: `${outDir}/${file}`, clip, fullPage: true });
    console.log(`${outDir}/${file}`);
  }
} finally {
  await browser.close();
}
