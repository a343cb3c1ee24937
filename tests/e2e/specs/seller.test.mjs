// The seller moves an order's delivery forward; the admin looks an order up with its payment
// history.
import { test, before, after } from 'node:test';
import { launch, openPage, buyableProduct, demoAccounts } from './helpers.mjs';
import { register, signIn, signOut, addToCart, checkout, payWithCard, expectPaymentStatus, expectPaidOrderPage } from './flows.mjs';

let browser;
let stock;
before(async () => {
  browser = await launch();
  stock = await buyableProduct();
});
after(async () => browser?.close());

test('seller ships a cash-on-delivery order: On the way, then Delivered (cash collected: Paid)', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const email = await register(t);
  await addToCart(t, stock.product);
  const orderId = await checkout(t, 'cash');
  await expectPaymentStatus(t, orderId, 'Unpaid');
  await signOut(t);

  await signIn(t, stock.seller.email, stock.seller.password, 'Seller');
  await page.goto('/#/seller');
  const order = page.locator(`.order-card[data-order-id="${orderId}"]`);
  await order.getByRole('button', { name: 'Mark as on the way' }).click();
  await order.locator('.badge', { hasText: 'On the way' }).waitFor();
  await t.shot('on the way');
  await order.getByRole('button', { name: 'Mark as delivered' }).click();
  await order.locator('.badge', { hasText: 'Delivered' }).waitFor();
  await t.shot('delivered');
  await signOut(t);

  await signIn(t, email, 'Sh0pper-pass!', 'Customer');
  await page.goto(`/#/orders/${orderId}`);
  await page.locator('[data-delivery-status="2"]').waitFor();
  await expectPaymentStatus(t, orderId, 'Paid');
  await t.close();
});

test('admin looks up a card order and sees its payment history', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await register(t);
  await addToCart(t, stock.product);
  const orderId = await checkout(t, 'card');
  await payWithCard(t, '4000 0000 0000 0002');
  await page.locator('#card-error').filter({ hasText: 'Your card was declined.' }).waitFor();
  await payWithCard(t, '4242 4242 4242 4242', 'retry');
  await expectPaidOrderPage(t, orderId);
  await signOut(t);

  const admin = (await demoAccounts()).find((a) => (a.roles ?? [a.role]).includes('Admin'));
  await signIn(t, admin.email, admin.password, 'Admin');
  await page.goto('/#/admin');
  await page.getByLabel('Order id').fill(orderId);
  await page.getByRole('button', { name: 'Show' }).click();
  await page.locator('.facts dd .badge').first().filter({ hasText: /^Paid$/ }).waitFor();
  const history = page.locator('section', { has: page.getByRole('heading', { name: 'Payment history' }) });
  await history.getByRole('cell', { name: /Your card was declined/ }).waitFor();
  await history.getByRole('row').nth(2).waitFor();
  await t.shot('admin payment history');
  await t.close();
});
