// Registering and the two-step sign-in (the account's roles, then a token for one role).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, PASSWORD, unlabelledControls } from './helpers.mjs';
import { register, signIn, signOut } from './flows.mjs';

let browser;
before(async () => { browser = await launch(); });
after(async () => browser?.close());

test('register a customer, sign out, sign in again with the two-step login', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const email = await register(t);
  await t.page.getByText(`${email} · Customer`).waitFor();
  await t.shot('registered');
  await signOut(t);
  await t.shot('signed out');
  await signIn(t, email, PASSWORD, 'Customer');
  await t.shot('signed in');
  await t.close();
});

test('a wrong password is refused with the server\'s message, in the form', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const email = await register(t);
  await signOut(t);
  const { page } = t;
  await page.goto('/#/login');
  const form = page.locator('form', { has: page.getByRole('heading', { name: 'Sign in' }) });
  await form.getByLabel('Email').fill(email);
  await form.getByLabel('Password').fill('Not-the-password1!');
  await form.getByRole('button', { name: 'Sign in' }).click();
  await form.getByRole('alert').filter({ hasText: /password/i }).waitFor();
  await t.shot('wrong password');
  await t.close();
});

test('registering an e-mail again with another password is refused, telling to sign in', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const email = await register(t);
  await signOut(t);
  const { page } = t;
  await page.goto('/#/login');
  const form = page.locator('form', { has: page.getByRole('heading', { name: /create an account/i }) });
  await form.getByLabel('Email').fill(email);
  // With the account's own password this would sign its owner in (docs/security.md item 7).
  await form.getByLabel('Password').fill('Another-pass1!');
  await form.getByRole('button', { name: 'Create account' }).click();
  await form.getByRole('alert').filter({ hasText: /registered again|sign in/i }).waitFor();
  await t.shot('email taken');
  await t.close();
});

test('keyboard and screen readers: skip link first, every control labelled, live regions', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  await page.goto('/#/login');
  await page.getByRole('heading', { name: 'Sign in or register' }).waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to content');
  await page.keyboard.press('Enter');
  assert.equal(await page.evaluate(() => document.activeElement.tagName), 'H1');
  assert.deepEqual(await unlabelledControls(page), []);
  assert.equal(await page.locator('[aria-live="polite"]').count(), 1);
  await register(t);
  for (const view of ['/#/', '/#/cart', '/#/orders']) {
    await page.goto(view);
    await page.getByRole('heading', { level: 1 }).waitFor();
    assert.deepEqual(await unlabelledControls(page), [], `controls on ${view}`);
  }
  await t.shot('keyboard');
  await t.close();
});
