// The support desk in the browser: a customer asks for help (a question and a bug report with a
// screenshot), the demo support member answers one and closes the other, the customer reads the
// answer; the SuperAdmin adds an admin and a support member and removes one.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { launch, openPage, demoAccounts, uniqueEmail, PASSWORD, unlabelledControls } from './helpers.mjs';
import { register, signIn, signOut } from './flows.mjs';

// A 1×1 PNG.
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

let browser;
let accounts;
before(async () => {
  browser = await launch();
  accounts = await demoAccounts();
});
after(async () => browser?.close());

const demo = (role) => accounts.find((a) => (a.roles ?? [a.role]).includes(role));

async function askForHelp(t, topic, message, screenshot) {
  const { page } = t;
  const form = page.locator('form.help-form');
  await form.getByLabel('Topic').selectOption({ label: topic });
  await form.getByLabel('Your message').fill(message);
  if (screenshot) await form.getByLabel('Screenshot (optional)').setInputFiles({ name: 'bug.png', mimeType: 'image/png', buffer: PNG });
  await t.shot(`help form: ${topic}`);
  await form.getByRole('button', { name: 'Send request' }).click();
  await page.getByRole('status').filter({ hasText: 'Your request was sent' }).waitFor();
  const item = page.locator('.support-request', { hasText: message });
  await item.locator('[data-status="Pending"]').waitFor();
  return item.getAttribute('data-request-id');
}

test('a customer asks for help, support answers and closes, the customer reads the answer', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  const email = await register(t);
  await page.getByRole('link', { name: 'Help' }).click();
  await page.getByRole('heading', { level: 1, name: 'Help' }).waitFor();
  await page.getByText('You have not asked for help yet.').waitFor();
  assert.deepEqual(await unlabelledControls(page), []);
  const question = `How do I pay by card? ${Date.now()}`;
  const bug = `The basket icon flickers ${Date.now()}`;
  const questionId = await askForHelp(t, 'General question', question);
  const bugId = await askForHelp(t, 'Bug or error on the site', bug, true);
  assert.ok(questionId && bugId);
  await signOut(t);

  const support = demo('Support');
  await signIn(t, support.email, support.password, 'Support');
  await page.getByRole('heading', { level: 1, name: 'Support desk' }).waitFor();
  const card = page.locator(`.support-request[data-request-id="${questionId}"]`);
  await card.getByText(question).waitFor();
  const bugCard = page.locator(`.support-request[data-request-id="${bugId}"]`);
  await bugCard.getByRole('link', { name: 'Open the photo' }).waitFor();
  assert.match(await bugCard.getByRole('link', { name: 'Open the photo' }).getAttribute('href'), /^\/media\/photos\//);
  assert.deepEqual(await unlabelledControls(page), []);
  // The topic filter shows only bug reports.
  await page.getByLabel('Topic').selectOption({ label: 'Bug or error on the site' });
  await bugCard.waitFor();
  await card.waitFor({ state: 'detached' });
  await t.shot('support desk filtered');
  await page.getByLabel('Topic').selectOption({ label: 'All topics' });
  await card.waitFor();
  await card.getByLabel('Answer', { exact: true }).fill('Choose "Card" at checkout and enter your card details.');
  await t.shot('support answering');
  await card.getByRole('button', { name: 'Send answer' }).click();
  await page.getByRole('status').filter({ hasText: 'Answer sent to the customer.' }).waitFor();
  await card.waitFor({ state: 'detached' });
  await bugCard.getByRole('button', { name: 'Cancel request' }).click();
  await page.getByRole('status').filter({ hasText: 'Request cancelled.' }).waitFor();
  await bugCard.waitFor({ state: 'detached' });
  await t.shot('support desk after answering');
  await signOut(t);

  await signIn(t, email, PASSWORD, 'Customer');
  await page.goto('/#/help');
  const mine = page.locator(`.support-request[data-request-id="${questionId}"]`);
  await mine.locator('[data-status="Processed"]').waitFor();
  await mine.getByText('Choose "Card" at checkout and enter your card details.').waitFor();
  await page.locator(`.support-request[data-request-id="${bugId}"] [data-status="Canceled"]`).waitFor();
  await t.shot('customer reads the answer');
  await t.close();
});

test('the SuperAdmin adds an admin and a support member, and removes one', async (ctx) => {
  const t = await openPage(browser, ctx.name);
  const { page } = t;
  page.on('dialog', (d) => d.accept());
  const superAdmin = demo('SuperAdmin');
  await signIn(t, superAdmin.email, superAdmin.password, 'SuperAdmin');
  await page.getByRole('link', { name: 'Staff' }).click();
  await page.getByRole('heading', { level: 1, name: 'Staff' }).waitFor();
  assert.deepEqual(await unlabelledControls(page), []);

  const admins = page.locator('section[data-kind="admins"]');
  const adminEmail = uniqueEmail('admin');
  const adminLast = `Adminenko${Date.now() % 100000}`;
  await admins.getByLabel('Email').fill(adminEmail);
  await admins.getByLabel('Password').fill(PASSWORD);
  await admins.getByLabel('First name').fill('Oksana');
  await admins.getByLabel('Last name').fill(adminLast);
  await admins.getByLabel('Phone number').fill('+380931112233');
  await admins.getByRole('button', { name: 'Add admin' }).click();
  await page.getByRole('status').filter({ hasText: 'is now an admin' }).waitFor();
  await admins.getByRole('cell', { name: `${adminLast} Oksana`, exact: true }).waitFor();

  const supports = page.locator('section[data-kind="supports"]');
  const supportLast = `Pidtrymka${Date.now() % 100000}`;
  await supports.getByLabel('Email').fill(uniqueEmail('support'));
  await supports.getByLabel('Password').fill(PASSWORD);
  await supports.getByLabel('First name').fill('Sofia');
  await supports.getByLabel('Last name').fill(supportLast);
  await supports.getByRole('button', { name: 'Add support member' }).click();
  await page.getByRole('status').filter({ hasText: 'is now a support member' }).waitFor();
  const row = supports.getByRole('row', { name: new RegExp(supportLast) });
  await row.waitFor();
  await t.shot('staff added');

  // A taken name is refused with the server's message.
  await supports.getByLabel('Email').fill(uniqueEmail('support'));
  await supports.getByLabel('Password').fill(PASSWORD);
  await supports.getByLabel('First name').fill('Sofia');
  await supports.getByLabel('Last name').fill(supportLast);
  await supports.getByRole('button', { name: 'Add support member' }).click();
  await supports.locator('.form-error').filter({ hasText: 'already exist' }).waitFor();

  await row.getByRole('button', { name: `Remove ${supportLast} Sofia` }).click();
  await page.getByRole('status').filter({ hasText: 'was removed' }).waitFor();
  await row.waitFor({ state: 'detached' });
  await t.shot('support member removed');
  await signOut(t);

  await signIn(t, adminEmail, PASSWORD, 'Admin');
  await page.getByRole('link', { name: 'Admin' }).waitFor();
  await t.close();
});
