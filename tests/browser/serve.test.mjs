// Headless Chromium tests of `taizhang serve`: a real browser (Debian's
// chromium, driven by playwright-core) loads each page of a server over a
// small index of real documents, checks that the highlights sit where the
// byte spans say, that the chart has its points, that a <script> written
// into a document never runs, and saves a screenshot of every page.
//
// Environment: TAIZHANG_BIN (default target/release/taizhang),
// CHROMIUM (default /usr/bin/chromium), ARTEFACTS (default
// target/browser-artefacts).

import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const bin = process.env.TAIZHANG_BIN || path.join(root, 'target/release/taizhang');
const artefacts = process.env.ARTEFACTS || path.join(root, 'target/browser-artefacts');
const GZBG = ['d001_guowuyuan_gzbg_2016.txt', 'd002_guowuyuan_gzbg_2017.txt', 'd003_guowuyuan_gzbg_2018.txt'];
const SCRIPT = "<script>document.title='pwned';window.PWNED=1</script><img src=x onerror=\"window.PWNED=2\">";

let tmp, docs, server, base, browser;

before(async () => {
  fs.mkdirSync(artefacts, { recursive: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-browser-'));
  docs = path.join(tmp, 'docs');
  fs.mkdirSync(docs);
  for (const f of fs.readdirSync(path.join(root, 'corpus'))) fs.copyFileSync(path.join(root, 'corpus', f), path.join(docs, f));
  for (const f of GZBG) fs.copyFileSync(path.join(root, 'tests/dev/docs', f), path.join(docs, f));
  const text = fs.readFileSync(path.join(root, 'corpus/001_bd2d67b045b86009.txt'), 'utf8');
  const cut = [...text].slice(0, 200).join('').length;
  fs.writeFileSync(path.join(docs, 'script_in_text.txt'), text.slice(0, cut) + SCRIPT + text.slice(cut));
  execFileSync(bin, ['index', docs, '--index', path.join(tmp, 'index')], { stdio: ['ignore', 'ignore', 'inherit'] });
  server = spawn(bin, ['serve', '--index', path.join(tmp, 'index'), '--port', '0'], { stdio: ['ignore', 'ignore', 'pipe'] });
  base = await new Promise((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error('serve did not start: ' + err)), 30000);
    server.stderr.on('data', (d) => {
      err += d;
      const m = /http:\/\/[^\s/]+/.exec(err);
      if (m) { clearTimeout(timer); resolve(m[0]); }
    });
    server.on('exit', (c) => reject(new Error(`serve exited ${c}: ${err}`)));
  });
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
  });
});

after(async () => {
  if (browser) await browser.close();
  if (server) server.kill();
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

async function open(url, shot) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const dialogs = [];
  page.on('dialog', (d) => { dialogs.push(d.message()); d.dismiss(); });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const resp = await page.goto(base + url);
  if (shot) await page.screenshot({ path: path.join(artefacts, shot), fullPage: false });
  return { page, resp, dialogs, errors };
}

const enc = encodeURIComponent;

test('search page: highlighted hits, facets, a permalink that reloads the same page', async () => {
  const { page, resp } = await open(`/?q=${enc('城镇新增就业')}&kind=target`, 'search.png');
  assert.equal(resp.status(), 200);
  const marks = await page.$$eval('article.hit mark', (ms) => ms.map((m) => [m.textContent, getComputedStyle(m).backgroundColor]));
  assert.ok(marks.length > 0);
  for (const [t, bg] of marks) {
    assert.equal(t, '城镇新增就业');
    assert.notEqual(bg, 'rgba(0, 0, 0, 0)');
  }
  assert.ok(await page.locator('ul[data-facet=Year] li').count() >= 3);
  const first = await page.locator('article.hit').first().innerText();
  await page.click('a[rel=bookmark]');
  assert.equal(await page.locator('article.hit').first().innerText(), first);
  await page.close();
});

test('document page: every requirement lit up exactly where its byte spans are', async () => {
  const name = path.join(docs, GZBG[1]);
  const source = fs.readFileSync(name);
  const { page, resp } = await open(`/doc?name=${enc(name)}`, 'document.png');
  assert.equal(resp.status(), 200);
  const reqs = await page.$$eval('#source a.req', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    return { span: a.dataset.span, text: a.textContent, bg: getComputedStyle(a).backgroundColor, w: r.width, h: r.height };
  }));
  assert.ok(reqs.length > 50, `${reqs.length} requirements`);
  for (const r of reqs) {
    const [a, b] = r.span.split('-').map(Number);
    assert.equal(r.text, source.subarray(a, b).toString('utf8'), r.span);
    assert.notEqual(r.bg, 'rgba(0, 0, 0, 0)', 'lit up');
    assert.ok(r.w > 0 && r.h > 0, 'visible');
  }
  const qty = await page.$$eval('#source mark.qty', (ms) => ms.map((m) => ({ span: m.dataset.span, text: m.textContent })));
  for (const q of qty) {
    const [a, b] = q.span.split('-').map(Number);
    assert.equal(q.text, source.subarray(a, b).toString('utf8'), q.span);
  }
  // Clicking a requirement brings its card (with its fields) into view.
  const link = page.locator('#source a.req').nth(5);
  const id = (await link.getAttribute('href')).slice(1);
  await link.click();
  const card = page.locator(`[id="${id}"]`);
  assert.ok(await card.isVisible());
  assert.ok((await card.innerText()).includes('figure'));
  await page.screenshot({ path: path.join(artefacts, 'document-card.png') });
  // The whole source is on the page, in order.
  assert.equal(await page.$eval('#source', (e) => e.textContent), source.toString('utf8'));
  await page.close();
});

test('a <script> in a document never runs and shows as text', async () => {
  const name = path.join(docs, 'script_in_text.txt');
  const { page, resp, dialogs, errors } = await open(`/doc?name=${enc(name)}&rejected=1`, 'script-as-text.png');
  assert.equal(resp.status(), 200);
  await page.waitForTimeout(300);
  assert.equal(await page.evaluate(() => window.PWNED), undefined);
  assert.notEqual(await page.title(), 'pwned');
  assert.equal(await page.locator('#source script, #source img').count(), 0);
  assert.ok((await page.$eval('#source', (e) => e.textContent)).includes(SCRIPT));
  assert.deepEqual(dialogs, []);
  assert.deepEqual(errors, []);
  await page.close();
});

test('indicator page: the chart has its points, each linked to its sentence', async () => {
  const { page, resp } = await open(`/indicator?name=${enc('城镇新增就业')}`, 'indicator.png');
  assert.equal(resp.status(), 200);
  const pts = await page.$$eval('svg.chart a.point', (as) => as.map((a) => {
    const r = a.getBoundingClientRect();
    const svg = a.ownerSVGElement.getBoundingClientRect();
    return { href: a.getAttribute('href'), cls: a.getAttribute('class'), inside: r.left >= svg.left && r.right <= svg.right && r.top >= svg.top && r.bottom <= svg.bottom && r.width > 0 };
  }));
  assert.ok(pts.length >= 4);
  assert.ok(pts.some((p) => p.cls === 'point target') && pts.some((p) => p.cls === 'point achievement'));
  for (const p of pts) {
    assert.ok(p.inside, 'drawn inside the chart');
    assert.match(p.href, /^\/doc\?name=.*#r-/);
  }
  await page.click('svg.chart a.point');
  assert.match(page.url(), /\/doc\?name=.*#r-/);
  await page.close();
});

test('compare, track and document list pages load with their counts', async () => {
  const [a, b] = [path.join(docs, GZBG[0]), path.join(docs, GZBG[1])];
  for (const [url, shot, sel] of [
    [`/compare?old=${enc(a)}&new=${enc(b)}`, 'compare.png', 'tr[data-change]'],
    [`/track?plan=${enc(a)}&report=${enc(b)}`, 'track.png', 'tr[data-status]'],
    ['/docs', 'documents.png', 'table.data tbody tr'],
  ]) {
    const { page, resp } = await open(url, shot);
    assert.equal(resp.status(), 200, url);
    assert.ok(await page.locator(sel).count() > 0, url);
    await page.close();
  }
});

test('a bad query shows a message on the page', async () => {
  const { page, resp } = await open(`/?q=${enc('"城镇')}`, 'bad-query.png');
  assert.equal(resp.status(), 400);
  assert.match(await page.locator('.message').innerText(), /cannot understand the query/);
  await page.close();
});
