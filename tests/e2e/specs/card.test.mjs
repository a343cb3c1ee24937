// Card payments confirmed from the browser with the payment sandbox, as Stripe.js would.
import { test, before, after } from 'node:test';
import { launch, openPage, buyableProduct } from './helpers.mjs';
import { register, addToCart, checkout, payWithCard, expectCardError, expectPaidOrderPage } from './flows.mjs';

let browser;
let stock;
before(async () => {
  browser = await launch();
  stock = await buyableProduct();
});
after(async () => browser?.close());

async function orderToPay(ctx, options) {
  const t = await openPage(browser, ctx.name, options);
  await register(t);
  await addToCart(t, stock.product);
  const orderId = await checkout(t, 'card');
  return { t, orderId };
}

test('register, add to cart, pay with 4242 4242 4242 4242: the order shows Paid', async (ctx) => {
  const { t, orderId } = await orderToPay(ctx);
  await payWithCard(t, '4242 4242 4242 4242');
  await expectPaidOrderPage(t, orderId);
  await t.close();
});

test('a declined card (4000 0000 0000 0002), then 4242… on the same order: Paid', async (ctx) => {
  const { t, orderId } = await orderToPay(ctx);
  await payWithCard(t, '4000 0000 0000 0002');
  await expectCardError(t, 'Your card was declined.');
  await payWithCard(t, '4242 4242 4242 4242', 'retry 4242');
  await expectPaidOrderPage(t, orderId);
  await t.close();
});

test('insufficient funds (…9995) and an expired card (…0069) show their messages', async (ctx) => {
  const { t } = await orderToPay(ctx);
  await payWithCard(t, '4000 0000 0000 9995');
  await expectCardError(t, 'Your card has insufficient funds.');
  await payWithCard(t, '4000 0000 0000 0069');
  await expectCardError(t, 'Your card has expired.');
  await t.close();
});

test('3-D Secure (4000 0027 6000 3184): the sandbox challenge, completed, pays the order', async (ctx) => {
  const { t, orderId } = await orderToPay(ctx);
  await payWithCard(t, '4000 0027 6000 3184');
  await t.page.getByRole('heading', { name: /3-D Secure/ }).waitFor();
  await t.shot('3ds challenge');
  await t.page.getByRole('button', { name: 'Complete authentication' }).click();
  await expectPaidOrderPage(t, orderId);
  await t.close();
});

test('3-D Secure failed in the challenge: the shopper is told and pays with another card', async (ctx) => {
  const { t, orderId } = await orderToPay(ctx);
  await payWithCard(t, '4000 0027 6000 3184');
  await t.page.getByRole('button', { name: 'Fail authentication' }).click();
  await expectCardError(t, 'We are unable to authenticate your payment method.');
  await payWithCard(t, '4242 4242 4242 4242', 'after failed 3ds');
  await expectPaidOrderPage(t, orderId);
  await t.close();
});

test('the payment service unreachable: a clear message, nothing charged, then the same order is paid', async (ctx) => {
  const { t, orderId } = await orderToPay(ctx, { allowNetErrors: true });
  const confirm = '**/v1/payment_intents/*/confirm';
  await t.page.route(confirm, (route) => route.abort('internetdisconnected'));
  await payWithCard(t, '4242 4242 4242 4242', 'offline');
  await expectCardError(t, 'Could not reach the payment service');
  await t.page.unroute(confirm);
  await payWithCard(t, '4242 4242 4242 4242', 'back online');
  await expectPaidOrderPage(t, orderId);
  await t.close();
});
