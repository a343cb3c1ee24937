// The API reference at /docs: Redoc from the binary renders /openapi.json under the page's own
// Content-Security-Policy (a blocked script, style or worker would be a console error).
import { test, before, after } from 'node:test';
import { launch, openPage } from './helpers.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

test('the API reference shows the card flow and the operations of the document', async (ctx) => {
  // Redoc's footer names a logo on its CDN; the page's policy refuses it, which is the point:
  // that refusal is the one message allowed.
  const t = await openPage(browser, ctx.name, {
    ignoreConsole: /^Loading the image 'https:\/\/cdn\.redoc\.ly\/[^']*' violates the following Content Security Policy/,
  });
  const { page } = t;
  await page.goto('/docs');
  await page.getByRole('heading', { name: /Wolfix API/ }).first().waitFor();
  await page.getByRole('heading', { name: 'The card payment flow' }).first().waitFor();
  await t.shot('reference', { fullPage: false });
  const checkout = page.getByRole('heading', { name: 'Place an order paid by card' });
  await checkout.scrollIntoViewIfNeeded();
  await page.getByText('Idempotency-Key').first().waitFor({ state: 'attached' });
  await t.shot('card checkout operation', { fullPage: false });
  await t.close();
});
