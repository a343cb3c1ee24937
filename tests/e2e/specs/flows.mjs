// What a shopper, a seller and an admin do on the storefront, step by step, as a person would:
// through labels, roles and visible text.
import assert from 'node:assert/strict';
import { uniqueEmail, PASSWORD } from './helpers.mjs';

export async function register(t, email = uniqueEmail('shopper')) {
  const { page } = t;
  await page.goto('/#/login');
  const form = page.locator('form', { has: page.getByRole('heading', { name: /create an account/i }) });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(PASSWORD);
  await t.shot('register form');
  await form.getByRole('button', { name: 'Create account' }).click();
  await page.getByRole('button', { name: 'Sign out' }).waitFor();
  return email;
}

export async function signIn(t, email, password, role) {
  const { page } = t;
  await page.goto('/#/login');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Sign in' }) });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill(password);
  await form.getByRole('button', { name: 'Sign in' }).click();
  const roleChoice = form.getByRole('radio', { name: role, exact: true });
  // An account with several roles is asked which one to use.
  await Promise.race([
    page.getByRole('button', { name: 'Sign out' }).waitFor(),
    roleChoice.waitFor().then(async () => {
      await roleChoice.check();
      await form.getByRole('button', { name: 'Continue' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    }),
  ]);
  await page.getByText(`· ${role}`).waitFor();
}

export async function signOut(t) {
  await t.page.getByRole('button', { name: 'Sign out' }).click();
  await t.page.getByRole('link', { name: 'Sign in' }).waitFor();
}

export async function addToCart(t, product, quantity = 1) {
  const { page } = t;
  await page.goto(`/#/product/${product.id}`);
  await page.getByRole('heading', { level: 1, name: product.title }).waitFor();
  if (quantity !== 1) await page.getByLabel('Quantity').fill(String(quantity));
  await t.shot('product page');
  await page.locator('form.buy').getByRole('button', { name: 'Add to cart' }).click();
  await page.getByRole('status').filter({ hasText: 'Added to your cart' }).waitFor();
}

// From the cart to the placed order; `payment` is 'cash' or 'card'. Returns the order id.
export async function checkout(t, payment) {
  const { page } = t;
  await page.goto('/#/cart');
  await page.getByRole('heading', { name: 'Your cart' }).waitFor();
  await page.getByRole('link', { name: 'Checkout' }).click();
  await page.getByRole('heading', { name: 'Checkout' }).waitFor();
  await page.getByLabel('First name').fill('Olena');
  await page.getByLabel('Last name').fill('Shevchenko');
  await page.getByLabel('Phone number').fill('+380501234567');
  await pickFirst(page.getByLabel('Delivery service'));
  await pickFirst(page.getByLabel('City'));
  await pickFirst(page.getByLabel('Pick-up department'));
  await page.getByRole('radio', { name: payment === 'card' ? 'Card (pay now)' : 'Cash on delivery' }).check();
  await t.shot(`checkout ${payment}`);
  await page.getByRole('button', { name: payment === 'card' ? 'Continue to payment' : 'Place order' }).click();
  if (payment === 'card') await page.getByRole('heading', { name: 'Pay by card' }).waitFor();
  else await page.getByRole('heading', { level: 1, name: /^Order / }).waitFor();
  const m = page.url().match(/#\/(?:pay|orders)\/([0-9a-f-]{36})/);
  assert.ok(m, `an order id in ${page.url()}`);
  return m[1];
}

async function pickFirst(select) {
  await assert.doesNotReject(select.locator('option').nth(1).waitFor({ state: 'attached' }));
  const value = await select.locator('option').nth(1).getAttribute('value');
  await select.selectOption(value);
}

export async function payWithCard(t, number, label) {
  const { page } = t;
  await page.getByLabel('Card number').fill(number);
  await page.getByLabel('Expiry (MM/YY)').fill('12/34');
  await page.getByLabel('CVC').fill('123');
  await t.shot(`card ${label || number}`);
  await page.getByRole('button', { name: /^Pay / }).click();
}

export async function expectCardError(t, text) {
  const error = t.page.locator('#card-error');
  await error.filter({ hasText: text }).waitFor();
  await t.shot(`card error ${text}`);
  // The form stays for another card, on the same order.
  await t.page.getByRole('button', { name: /^Pay / }).waitFor();
}

// After a payment the page itself moves to the order (a navigation of ours would cut it short).
export async function expectPaidOrderPage(t, orderId) {
  await t.page.waitForURL(new RegExp(`#/orders/${orderId}$`));
  await expectPaymentStatus(t, orderId, 'Paid');
}

// The order page shows this payment status (Wolfix's integers: 0 Unpaid … 4 Refunded).
export async function expectPaymentStatus(t, orderId, name) {
  const { page } = t;
  if (!page.url().includes(`#/orders/${orderId}`)) await page.goto(`/#/orders/${orderId}`);
  await page.locator('.facts dd .badge').first().filter({ hasText: new RegExp(`^${name}$`) }).waitFor();
  await t.shot(`order ${name.toLowerCase()}`);
}
