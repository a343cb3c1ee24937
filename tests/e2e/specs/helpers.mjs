// Shared by the browser specs: one headless Debian chromium per spec file, a fresh context per
// test, screenshots of every step, a watch on console errors, and small API calls for set-up.
import { chromium } from 'playwright-core';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.WOLFIX_E2E_URL;
const OUT = process.env.WOLFIX_E2E_OUT || 'e2e-screens';
if (!BASE) throw new Error('WOLFIX_E2E_URL is not set: run the specs through tests/e2e/run.sh');

// Playwright starts each launch with a new, empty temporary profile (its own --user-data-dir).
export function launch() {
  return chromium.launch({
    executablePath: process.env.WOLFIX_CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: [
      '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
    ],
  });
}

const slug = (s) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60);

// A page for one test: screenshots numbered in order under OUT/<test>/, console errors collected.
// allowNetErrors: the test cuts the network on purpose, so the browser's net::ERR lines are expected.
export async function openPage(browser, testName, { width = 1280, height = 900, allowNetErrors = false, ignoreConsole = null } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, baseURL: BASE });
  const page = await context.newPage();
  const dir = join(OUT, slug(testName));
  mkdirSync(dir, { recursive: true });
  let step = 0;
  const problems = [];
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    // An HTTP error answer the page expects and handles (a decline is a 402) is logged by the
    // browser itself as "Failed to load resource"; everything else is a bug in the page.
    if (/^Failed to load resource: the server responded with a status of 4\d\d/.test(m.text())) return;
    if (allowNetErrors && /^Failed to load resource: net::ERR_/.test(m.text())) return;
    if (ignoreConsole && ignoreConsole.test(m.text())) return;
    problems.push(`console error: ${m.text()}`);
  });
  page.on('response', (r) => {
    if (r.status() >= 500) problems.push(`server error ${r.status()} on ${r.request().method()} ${r.url()}`);
  });
  page.setDefaultTimeout(20_000);
  return {
    page,
    // fullPage: false for pages many screens long (the API reference), whose whole-page capture
    // took more than the 20 s timeout on a loaded two-core machine.
    async shot(name, { fullPage = true } = {}) {
      step += 1;
      await page.screenshot({ path: join(dir, `${String(step).padStart(2, '0')}-${slug(name)}.png`), fullPage });
    },
    async close() {
      await context.close();
      assert.deepEqual(problems, [], 'the page logged no errors');
    },
  };
}

export async function api(method, path, body, token, headers = {}) {
  const res = await fetch(BASE + path, {
    method,
    headers: {
      ...(body !== undefined ? { 'Content-Type': 'application/json' } : {}),
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...headers,
    },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await res.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch { data = text; }
  if (!res.ok) throw new Error(`${method} ${path} → ${res.status}: ${text}`);
  return data;
}

export const claims = (jwt) => JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString());

let counter = 0;
export const uniqueEmail = (what) => `${what}-${Date.now().toString(36)}-${++counter}@e2e.example.com`;
export const PASSWORD = 'Sh0pper-pass!';

export async function signInToken(email, password, role) {
  return api('POST', '/api/account/token', { email, password, role });
}

// The seed's demo accounts, from the development-only endpoint (or WOLFIX_E2E_ACCOUNTS, a JSON
// list of {email, password, roles}, to run the specs against a server without it).
export async function demoAccounts() {
  if (process.env.WOLFIX_E2E_ACCOUNTS) return JSON.parse(process.env.WOLFIX_E2E_ACCOUNTS);
  const data = await api('GET', '/api/demo/accounts');
  return Array.isArray(data) ? data : data.accounts ?? data.items ?? [];
}

// A product that can be bought now (in stock), with its seller's credentials from the demo
// accounts, found through the public API only.
// The one with the most stock, so that every spec's orders fit.
export async function buyableProduct({ minStock = 5 } = {}) {
  const sellers = [];
  for (const a of await demoAccounts()) {
    const roles = a.roles ?? [a.role];
    if (!roles.includes('Seller')) continue;
    const token = await signInToken(a.email, a.password, 'Seller');
    sellers.push({ ...a, token, profileId: claims(token).profile_id });
  }
  const sample = await api('GET', '/api/products/random?pageSize=100');
  const list = (Array.isArray(sample) ? sample : sample.items).slice().sort((x, y) => String(x.title).localeCompare(y.title));
  let best = null;
  for (const short of list) {
    const p = await api('GET', `/api/products/product/${short.id}`);
    const seller = sellers.find((s) => s.profileId === p.seller?.sellerId);
    if (!seller || (p.stock ?? 0) < minStock || p.status === 'NotAvailable') continue;
    if (!best || p.stock > best.product.stock) best = { product: p, seller };
  }
  if (!best) throw new Error('the seed has no product in stock whose seller is a demo account');
  return best;
}

export async function stockOf(productId) {
  return (await api('GET', `/api/products/product/${productId}`)).stock;
}

// Form controls on the page that a screen reader could not name (no label, no aria-label).
export async function unlabelledControls(page) {
  return page.evaluate(() =>
    [...document.querySelectorAll('input:not([type=hidden]), select, textarea')]
      .filter((el) => !el.labels?.length && !el.getAttribute('aria-label') && !el.getAttribute('aria-labelledby'))
      .map((el) => el.outerHTML.slice(0, 80)));
}
