// Browsing, signing in, the cart, and a cash-on-delivery order, in a real browser.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, buyableProduct, demoAccounts, api } from './helpers.mjs';
import { register, signIn, signOut, addToCart, checkout, expectPaymentStatus } from './flows.mjs';

let browser;
let stock;
before(async () => {
  browser = await launch();
  stock = await buyableProduct();
});
after(async () => browser?.close());

test('the shop lists products with photos, prices and stock; search and category filter', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await page.goto('/');
  await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
  const cards = page.getByRole('list', { name: 'Products' }).getByRole('listitem');
  await cards.first().waitFor();
  assert.ok((await cards.count()) > 1, 'several products are listed');
  assert.ok(await cards.first().locator('img').count(), 'a product card has a photo');
  assert.match(await cards.first().locator('.price').innerText(), /\d+\.\d\d/);
  await t.shot('home');

  // Search by a word of a known product's title.
  const word = stock.product.title.split(/\s+/)[0];
  await page.getByLabel('Search products').fill(word);
  await page.getByRole('button', { name: 'Search' }).click();
  await page.getByRole('heading', { name: `Results for “${word}”` }).waitFor();
  const inStockCard = cards.filter({ hasText: stock.product.title }).first();
  await inStockCard.getByText('In stock').waitFor();
  await t.shot('search');

  // A card says when its product cannot be bought, from the list's own status.
  const sample = await api('GET', '/api/products/random?pageSize=100');
  const gone = (Array.isArray(sample) ? sample : sample.items).find((p) => p.status === 'NotAvailable');
  assert.ok(gone, 'the seed has a product that is not available');
  await page.getByLabel('Search products').fill(gone.title);
  await page.getByRole('button', { name: 'Search' }).click();
  const goneCard = cards.filter({ hasText: gone.title }).first();
  await goneCard.getByText('Out of stock').waitFor();
  assert.ok(await goneCard.getByRole('button').isDisabled(), 'its add button is disabled');
  await t.shot('not available');

  // The category filter shows only that category's products.
  const category = page.getByLabel('Category');
  await page.getByLabel('Search products').fill('');
  const option = category.locator('option').nth(1);
  const name = await option.innerText();
  await category.selectOption(await option.getAttribute('value'));
  await page.getByRole('button', { name: 'Search' }).click();
  await page.waitForURL(/category=/);
  await page.locator('.count, .empty').first().waitFor();
  await t.shot(`category ${name}`);

  // The product page: photo, price, stock, description (reviews appear where the API has them).
  await page.goto(`/#/product/${stock.product.id}`);
  await page.getByRole('heading', { level: 1, name: stock.product.title }).waitFor();
  await page.getByText(/In stock: \d+/).waitFor();
  await page.locator('.product img.big').waitFor();
  await page.locator('.description').filter({ hasText: stock.product.description.slice(0, 20) }).waitFor();
  await t.shot('product');
  await t.close();
});

test('a demo account signs in with the two-step login (development mode lists them)', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const account = (await demoAccounts()).find((a) => (a.roles ?? [a.role]).includes('Customer'));
  assert.ok(account, 'the seed has a demo customer');
  await page.goto('/#/login');
  await page.getByRole('heading', { name: /Demo accounts/ }).waitFor();
  await t.shot('demo accounts');
  await signIn(t, account.email, account.password, 'Customer');
  await t.shot('signed in');
  await signOut(t);
  await t.close();
});

test('register, then the cart: add, change the quantity, remove; totals come from the server', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await register(t);
  await addToCart(t, stock.product);
  await page.goto('/#/cart');
  const line = page.getByRole('list', { name: 'Cart items' }).getByRole('listitem').filter({ hasText: stock.product.title });
  await line.waitFor();
  const unit = Number(stock.product.finalPrice ?? stock.product.price);
  const total = page.locator('[data-total]');
  await total.filter({ hasText: unit.toFixed(2) }).waitFor();
  await t.shot('cart one');

  await line.getByLabel(/Quantity/).fill('2');
  await line.getByLabel(/Quantity/).press('Tab');
  await total.filter({ hasText: (unit * 2).toFixed(2) }).waitFor();
  await page.getByRole('link', { name: 'Cart, 2 items' }).waitFor();
  await t.shot('cart two');

  await line.getByRole('button', { name: `Remove ${stock.product.title} from the cart` }).click();
  await page.getByText('Your cart is empty.').waitFor();
  await t.shot('cart empty');
  await t.close();
});

test('cash on delivery: the order is placed Unpaid and the cart is emptied', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await register(t);
  await addToCart(t, stock.product);
  const orderId = await checkout(t, 'cash');
  await expectPaymentStatus(t, orderId, 'Unpaid');
  await page.locator('.facts').getByText('Cash on delivery').waitFor();
  await page.goto('/#/orders');
  await page.getByRole('list', { name: 'Orders' }).getByRole('listitem').first().waitFor();
  await t.shot('my orders');
  await page.goto('/#/cart');
  await page.getByText('Your cart is empty.').waitFor();
  await t.close();
});

test('courier delivery: the fee is shown, charged and kept on the order', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await register(t);
  await addToCart(t, stock.product);
  await page.goto('/#/cart');
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  await page.getByLabel('First name').fill('Olena');
  await page.getByLabel('Last name').fill('Shevchenko');
  await page.getByLabel('Phone number').fill('+380501234567');
  const service = page.getByLabel('Delivery service');
  const courier = await service.locator('option', { hasText: 'кур' }).first().getAttribute('value');
  await service.selectOption(courier);
  await page.getByLabel('Town', { exact: true }).fill('Dnipro');
  await page.getByLabel('Street').fill('Yavornytskoho');
  await page.getByLabel('House number').fill('62');
  await page.getByText('Delivery: 70.00').waitFor();
  const price = Number(stock.product.finalPrice ?? stock.product.price);
  const total = (price + 70).toFixed(2);
  await page.locator('.summary .total').getByText(total).waitFor();
  await page.getByRole('radio', { name: 'Cash on delivery' }).check();
  await t.shot('checkout courier');
  await page.getByRole('button', { name: 'Place order' }).click();
  await page.getByRole('heading', { level: 1, name: /^Order / }).waitFor();
  await page.locator('.facts').getByText('70.00').first().waitFor();
  await page.locator('.facts').getByText(/courier to Dnipro, Yavornytskoho 62/).waitFor();
  await page.locator('.facts').getByText(total).waitFor();
  await t.shot('order courier');
  await t.close();
});

test('the shop works at phone width', async (ctx) => {
  const t = await openPage(browser, ctx.name, { width: 390, height: 844 });
  const { page } = t;
  await page.goto('/');
  await page.getByRole('list', { name: 'Products' }).getByRole('listitem').first().waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no horizontal scrolling at 390px (overflow ${overflow}px)`);
  await t.shot('phone home');
  await page.goto(`/#/product/${stock.product.id}`);
  await page.getByRole('heading', { level: 1, name: stock.product.title }).waitFor();
  await t.shot('phone product');
  await t.close();
});
