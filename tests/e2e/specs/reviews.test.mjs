// Reviews on the storefront: stars and the average on cards and the product page, a signed-in
// customer writes, edits and deletes a review, refusals and held reviews are explained.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, api, buyableProduct, uniqueEmail, PASSWORD, signInToken, claims, demoAccounts } from './helpers.mjs';
import { register, signIn, signOut } from './flows.mjs';

let browser;
let product;
before(async () => {
  browser = await launch();
  // A product of its own for these tests: its average moves only with the reviews written here.
  product = (await buyableProduct()).product;
});
after(async () => browser?.close());

// A customer made through the API, with a token, for reviews written behind the page's back.
async function customer() {
  const email = uniqueEmail('reviewer');
  await api('POST', '/api/account/customer/register', { email, password: PASSWORD });
  const token = await signInToken(email, PASSWORD, 'Customer');
  return { token, id: claims(token).profile_id };
}

async function apiReview(rating, text) {
  const c = await customer();
  await api('POST', `/api/products/${product.id}/reviews`, { title: null, text, rating, customerId: c.id }, c.token);
}

test('a customer writes, edits and deletes a review; the stars and average follow', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await apiReview(5, 'Exactly as pictured, fast delivery.');
  const before = await api('GET', `/api/products/product/${product.id}`);
  assert.ok(before.reviewsCount >= 1);

  // Signed out: the reviews, their stars and the average; no form.
  await page.goto(`/#/product/${product.id}`);
  await page.getByRole('heading', { level: 1, name: product.title }).waitFor();
  const info = page.locator('.product .info');
  await info.getByLabel(new RegExp(`Rated ${Number(before.averageRating).toFixed(1)} out of 5, ${before.reviewsCount} review`)).waitFor();
  const reviews = page.getByRole('list', { name: 'Reviews' });
  await reviews.getByText('Exactly as pictured, fast delivery.').waitFor();
  await reviews.getByLabel('5 out of 5').first().waitFor();
  await page.getByRole('link', { name: 'Sign in as a customer' }).waitFor();
  await t.shot('product reviews signed out');

  // Signed in as a customer: write one (no title).
  await register(t);
  await page.goto(`/#/product/${product.id}`);
  const form = page.locator('form.review-form');
  await form.getByRole('heading', { name: 'Write a review' }).waitFor();
  await form.getByLabel('Rating').selectOption('2');
  await form.getByLabel('Review').fill('The strap broke after a week.');
  await t.shot('review form');
  await form.getByRole('button', { name: 'Send review' }).click();
  await page.getByRole('status').filter({ hasText: 'your review was added' }).waitFor();
  await reviews.getByText('The strap broke after a week.').waitFor();
  const mine = page.locator('.own-review');
  await mine.getByRole('heading', { name: 'Your review' }).waitFor();
  assert.equal(await mine.getByText('null', { exact: true }).count(), 0, 'no stray "null"');
  const after = await api('GET', `/api/products/product/${product.id}`);
  assert.equal(after.reviewsCount, before.reviewsCount + 1);
  await info.getByLabel(new RegExp(`Rated ${Number(after.averageRating).toFixed(1)} out of 5, ${after.reviewsCount} reviews`)).waitFor();
  await t.shot('review added');

  // Edit it: the rating and the text change, and the average with them.
  await mine.getByRole('button', { name: 'Edit your review' }).click();
  const edit = page.locator('form.review-form');
  await edit.getByLabel('Rating').selectOption('4');
  await edit.getByLabel('Title (optional)').fill('Better after a replacement');
  await edit.getByLabel('Review').fill('The seller replaced the strap at once.');
  await edit.getByRole('button', { name: 'Save review' }).click();
  await page.getByRole('status').filter({ hasText: 'Your review was updated' }).waitFor();
  await reviews.getByText('The seller replaced the strap at once.').waitFor();
  await reviews.getByText('Better after a replacement').waitFor();
  const edited = await api('GET', `/api/products/product/${product.id}`);
  await info.getByLabel(new RegExp(`Rated ${Number(edited.averageRating).toFixed(1)} out of 5`)).waitFor();
  await t.shot('review edited');

  // Delete it: the form comes back and the count goes down.
  await page.locator('.own-review').getByRole('button', { name: 'Delete your review' }).click();
  await page.getByRole('status').filter({ hasText: 'Your review was deleted' }).waitFor();
  await page.locator('form.review-form').getByRole('heading', { name: 'Write a review' }).waitFor();
  await info.getByLabel(new RegExp(`${before.reviewsCount} review`)).waitFor();
  assert.equal(await reviews.getByText('The seller replaced the strap at once.').count(), 0);
  await t.shot('review deleted');
  await t.close();
});

test('offensive reviews are refused; a review with a link waits until an admin approves it', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await register(t);
  await page.goto(`/#/product/${product.id}`);
  const form = page.locator('form.review-form');
  await form.getByLabel('Review').fill('What a load of shit');
  await form.getByRole('button', { name: 'Send review' }).click();
  await form.getByRole('alert').filter({ hasText: 'Your review was not accepted: The review contains offensive language' }).waitFor();
  await t.shot('refused');

  await form.getByLabel('Review').fill('Cheaper at shop.example.com, but fine');
  await form.getByRole('button', { name: 'Send review' }).click();
  await page.getByRole('status').filter({ hasText: 'once a moderator has checked it' }).waitFor();
  await page.locator('.own-review').getByText('Awaiting moderation: it contains a link.').waitFor();
  // Not shown to others until approved.
  const reviews = page.getByRole('list', { name: 'Reviews' });
  assert.equal(await reviews.getByText('Cheaper at shop.example.com, but fine').count(), 0);
  await t.shot('held');

  // An admin finds it in the moderation queue and approves it.
  await signOut(t);
  const admin = (await demoAccounts()).find((a) => (a.roles ?? [a.role]).includes('Admin'));
  assert.ok(admin, 'the seed has a demo admin');
  await signIn(t, admin.email, admin.password, 'Admin');
  await page.getByRole('link', { name: 'Reviews' }).click();
  await page.getByRole('heading', { name: 'Reviews to moderate' }).waitFor();
  const held = page.getByRole('list', { name: 'Held reviews' }).getByRole('listitem').filter({ hasText: 'Cheaper at shop.example.com, but fine' });
  await held.getByText('Contains a link or e-mail address').waitFor();
  await t.shot('moderation queue');
  await held.getByRole('button', { name: /^Approve/ }).click();
  await page.getByRole('status').filter({ hasText: 'The review is published.' }).waitFor();
  assert.equal(await held.count(), 0);
  await page.goto(`/#/product/${product.id}`);
  await page.getByRole('list', { name: 'Reviews' }).getByText('Cheaper at shop.example.com, but fine').waitFor();
  await t.shot('approved and shown');
  await t.close();
});

test('cards show stars and the review count; the category can be sorted by rating', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const full = await api('GET', `/api/products/product/${product.id}`);
  await page.goto(`/#/?category=${full.categoryId}&sort=rating`);
  const card = page.locator(`[data-product-id="${product.id}"]`).first();
  await card.waitFor();
  await card.getByLabel(new RegExp(`Rated ${Number(full.averageRating).toFixed(1)} out of 5, ${full.reviewsCount} review`)).waitFor();
  await card.locator('.stars').waitFor();
  // Best rated first: the first card's average is the highest on the page.
  const ratings = await page.getByRole('list', { name: 'Products' }).locator('.rating').evaluateAll((els) =>
    els.map((e) => Number(e.dataset.rating || 0)));
  assert.deepEqual(ratings, [...ratings].sort((a, b) => b - a));
  assert.equal(await page.getByLabel('Sort by').inputValue(), 'rating');
  await t.shot('sorted by rating');

  await page.getByLabel('Rating', { exact: true }).selectOption('4');
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/minRating=4/);
  await page.locator('.count, .empty').first().waitFor();
  const shown = await page.getByRole('list', { name: 'Products' }).locator('.rating').evaluateAll((els) =>
    els.map((e) => Number(e.dataset.rating || 0)));
  assert.ok(shown.every((r) => r >= 4), `only 4★ and up: ${shown}`);
  await t.shot('4 stars and up');
  await t.close();
});
