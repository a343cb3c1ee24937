// The seller refunds a paid order; the customer sees it Refunded and the stock comes back.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, buyableProduct, stockOf } from './helpers.mjs';
import { register, signIn, signOut, addToCart, checkout, payWithCard, expectPaymentStatus, expectPaidOrderPage } from './flows.mjs';

let browser;
let stock;
before(async () => {
  browser = await launch();
  stock = await buyableProduct();
});
after(async () => browser?.close());

test('seller refunds in full: the customer sees Refunded and the stock is back', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const before = await stockOf(stock.product.id);
  const email = await register(t);
  await addToCart(t, stock.product, 2);
  const orderId = await checkout(t, 'card');
  await payWithCard(t, '4242 4242 4242 4242');
  await expectPaidOrderPage(t, orderId);
  assert.equal(await stockOf(stock.product.id), before - 2, 'the order took 2 from the stock');
  await signOut(t);

  await signIn(t, stock.seller.email, stock.seller.password, 'Seller');
  await page.goto('/#/seller');
  const order = page.locator(`.order-card[data-order-id="${orderId}"]`);
  await order.waitFor();
  await t.shot('seller orders');
  await order.getByText('Refund this order…').click();
  await t.shot('refund form');
  await order.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('status').filter({ hasText: 'refunded in full' }).waitFor();
  await t.shot('seller refunded');
  await signOut(t);

  await signIn(t, email, 'Sh0pper-pass!', 'Customer');
  await expectPaymentStatus(t, orderId, 'Refunded');
  assert.equal(await stockOf(stock.product.id), before, 'the refund put the stock back');
  await t.close();
});

test('seller refunds part of a paid order: the customer sees the amount refunded', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const email = await register(t);
  await addToCart(t, stock.product, 2);
  const orderId = await checkout(t, 'card');
  await payWithCard(t, '4242 4242 4242 4242');
  await expectPaidOrderPage(t, orderId);
  await signOut(t);

  const unit = Number(stock.product.finalPrice ?? stock.product.price).toFixed(2);
  await signIn(t, stock.seller.email, stock.seller.password, 'Seller');
  await page.goto('/#/seller');
  const order = page.locator(`.order-card[data-order-id="${orderId}"]`);
  await order.getByText('Refund this order…').click();
  await order.getByLabel('Refund amount').fill(unit);
  await order.getByRole('button', { name: 'Refund', exact: true }).click();
  await page.getByRole('status').filter({ hasText: `Refunded ${unit}` }).waitFor();
  await t.shot('seller partial refund');
  await signOut(t);

  await signIn(t, email, 'Sh0pper-pass!', 'Customer');
  await page.goto(`/#/orders/${orderId}`);
  await page.locator(`[data-refunded="${unit}"]`).waitFor();
  await t.shot('customer sees partial refund');
  await t.close();
});
