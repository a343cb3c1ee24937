// Stripe's official `stripe` package drives the Wolfix payment sandbox exactly as a Node backend
// (and a browser with the publishable key) would, and checks the webhook signatures both ways.
'use strict';
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const Stripe = require('stripe');

const SECRET = 'sk_test_wolfix_sandbox';
const PUBLISHABLE = 'pk_test_wolfix_sandbox';
const WEBHOOK_SECRET = 'whsec_wolfix_sandbox_development';
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wolfix-compat-'));

const deliveries = [];  // {body, signature} as received, raw
let receiver;
let serve;  // `wolfix serve`, the sandbox under /sandbox/stripe
let standalone;  // `wolfix sandbox`, the sandbox at the root

function startWolfix(args, env) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.env.WOLFIX_BIN, args, {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let log = '';
    const timer = setTimeout(() => reject(new Error('wolfix did not start:\n' + log)), 15000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      const m = /"port":(\d+)/.exec(log);
      if (m && /listening/.test(log)) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]) });
      }
    });
    child.on('exit', (code) => reject(new Error(`wolfix exited (${code}):\n${log}`)));
  });
}

// stripe-node has no base-path option: a thin wrapper over its own Node HTTP client adds the
// sandbox's mount point to every path.
function prefixedHttpClient(prefix) {
  const base = Stripe.createNodeHttpClient();
  const client = Object.create(base);
  client.makeRequest = (host, port, p, ...rest) => base.makeRequest(host, port, prefix + p, ...rest);
  return client;
}

function client(key, port, prefix = '/sandbox/stripe') {
  return new Stripe(key, {
    host: '127.0.0.1',
    port,
    protocol: 'http',
    httpClient: prefix ? prefixedHttpClient(prefix) : undefined,
    maxNetworkRetries: 1,
    telemetry: false,
  });
}

async function eventually(condition, what) {
  for (let i = 0; i < 300; i++) {
    if (condition()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.fail('timed out waiting for ' + what);
}

before(async () => {
  receiver = http.createServer((req, res) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      deliveries.push({ body: Buffer.concat(chunks), signature: req.headers['stripe-signature'] });
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"received":true}');
    });
  });
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  const hook = `http://127.0.0.1:${receiver.address().port}/webhooks/stripe`;
  serve = await startWolfix(
    ['serve', '--listen', '127.0.0.1:0', '--database-url', `sqlite:${tmp}/serve.db`],
    { WOLFIX_SANDBOX_WEBHOOK_URL: hook, WOLFIX_SANDBOX_POLL_MS: '50', WOLFIX_LOG_LEVEL: 'info' });
  standalone = await startWolfix(
    ['sandbox', '--listen', '127.0.0.1:0', '--database-url', `sqlite:${tmp}/sandbox.db`],
    { WOLFIX_LOG_LEVEL: 'info' });
});

after(async () => {
  for (const p of [serve, standalone]) if (p) p.child.kill('SIGTERM');
  if (receiver) receiver.close();
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a backend creates, retrieves, confirms and refunds a PaymentIntent', async () => {
  const stripe = client(SECRET, serve.port);
  const pi = await stripe.paymentIntents.create(
    { amount: 45998, currency: 'uah', metadata: { order_id: 'order-1' }, payment_method_types: ['card'] },
    { idempotencyKey: 'compat-create-1' });
  assert.match(pi.id, /^pi_/);
  assert.equal(pi.object, 'payment_intent');
  assert.equal(pi.status, 'requires_payment_method');
  assert.equal(pi.amount, 45998);
  assert.equal(pi.metadata.order_id, 'order-1');
  assert.ok(pi.client_secret.startsWith(pi.id + '_secret_'));
  assert.match(pi.lastResponse.requestId, /^req_/);

  const again = await stripe.paymentIntents.create(
    { amount: 45998, currency: 'uah', metadata: { order_id: 'order-1' }, payment_method_types: ['card'] },
    { idempotencyKey: 'compat-create-1' });
  assert.equal(again.id, pi.id);
  assert.equal(again.lastResponse.headers['idempotent-replayed'], 'true');

  const fetched = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(fetched.client_secret, pi.client_secret);

  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  assert.equal(paid.status, 'succeeded');
  assert.equal(paid.amount_received, 45998);
  assert.match(paid.latest_charge, /^ch_/);

  const partial = await stripe.refunds.create({ payment_intent: pi.id, amount: 10000, reason: 'requested_by_customer' });
  assert.match(partial.id, /^re_/);
  assert.equal(partial.status, 'succeeded');
  assert.equal(partial.amount, 10000);
  assert.equal((await stripe.refunds.retrieve(partial.id)).amount, 10000);
  await assert.rejects(stripe.refunds.create({ payment_intent: pi.id, amount: 40000 }), (err) => {
    assert.equal(err.type, 'StripeInvalidRequestError');
    assert.equal(err.code, 'amount_too_large');
    assert.equal(err.statusCode, 400);
    return true;
  });
  const rest = await stripe.refunds.create({ payment_intent: pi.id });
  assert.equal(rest.amount, 35998);
  await assert.rejects(stripe.refunds.create({ payment_intent: pi.id }),
    (err) => err.code === 'charge_already_refunded');
});

test('declines surface as StripeCardError with the intent back to requires_payment_method', async () => {
  const stripe = client(SECRET, serve.port);
  const pi = await stripe.paymentIntents.create({ amount: 2000, currency: 'uah' });
  await assert.rejects(stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_chargeDeclinedInsufficientFunds' }),
    (err) => {
      assert.equal(err.type, 'StripeCardError');
      assert.equal(err.statusCode, 402);
      assert.equal(err.code, 'card_declined');
      assert.equal(err.decline_code, 'insufficient_funds');
      assert.equal(err.message, 'Your card has insufficient funds.');
      assert.equal(err.payment_intent.status, 'requires_payment_method');
      assert.match(err.requestId, /^req_/);
      return true;
    });
  const after = await stripe.paymentIntents.retrieve(pi.id);
  assert.equal(after.last_payment_error.decline_code, 'insufficient_funds');
  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_mastercard' });
  assert.equal(paid.status, 'succeeded');
});

test('a browser confirms with the publishable key and the client secret', async () => {
  const backend = client(SECRET, serve.port);
  const browser = client(PUBLISHABLE, serve.port);
  const pi = await backend.paymentIntents.create({ amount: 1500, currency: 'uah' });
  const other = await backend.paymentIntents.create({ amount: 1500, currency: 'uah' });
  await assert.rejects(browser.paymentIntents.confirm(pi.id, { client_secret: other.client_secret, payment_method: 'pm_card_visa' }),
    (err) => err.statusCode === 400);
  await assert.rejects(browser.paymentIntents.create({ amount: 100, currency: 'uah' }),
    (err) => err.type === 'StripeAuthenticationError');
  const paid = await browser.paymentIntents.confirm(pi.id, { client_secret: pi.client_secret, payment_method: 'pm_card_visa' });
  assert.equal(paid.status, 'succeeded');
  await assert.rejects(browser.paymentIntents.confirm(pi.id, { client_secret: pi.client_secret, payment_method: 'pm_card_visa' }),
    (err) => err.statusCode === 400);
});

test('a backend cancels an intent and lists events', async () => {
  const stripe = client(SECRET, serve.port);
  const pi = await stripe.paymentIntents.create({ amount: 3000, currency: 'uah' });
  const canceled = await stripe.paymentIntents.cancel(pi.id, { cancellation_reason: 'abandoned' });
  assert.equal(canceled.status, 'canceled');
  assert.equal(canceled.cancellation_reason, 'abandoned');
  const events = await stripe.events.list({ type: 'payment_intent.canceled', limit: 5 });
  assert.equal(events.object, 'list');
  assert.ok(events.data.some((e) => e.data.object.id === pi.id));
  const all = await stripe.events.list({ limit: 2 }).autoPagingToArray({ limit: 10 });
  assert.ok(all.length >= 5);
  const one = await stripe.events.retrieve(events.data[0].id);
  assert.equal(one.id, events.data[0].id);
  await assert.rejects(stripe.paymentIntents.retrieve('pi_missing'),
    (err) => err.type === 'StripeInvalidRequestError' && err.statusCode === 404);
});

test('the sandbox\'s signed webhook events pass webhooks.constructEvent', async () => {
  const stripe = client(SECRET, serve.port);
  const pi = await stripe.paymentIntents.create({ amount: 4200, currency: 'uah', metadata: { order_id: 'hook-1' } });
  await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_visa' });
  await eventually(() => deliveries.some((d) => d.body.includes(pi.id) && d.body.includes('payment_intent.succeeded')),
    'the succeeded webhook');
  const mine = deliveries.filter((d) => d.body.includes(pi.id));
  for (const d of mine) {
    const event = stripe.webhooks.constructEvent(d.body, d.signature, WEBHOOK_SECRET);
    assert.equal(event.object, 'event');
    assert.ok(['payment_intent.created', 'payment_intent.succeeded'].includes(event.type));
    assert.equal(event.data.object.id, pi.id);
    const tampered = Buffer.from(d.body.toString().replace('4200', '4201'));
    assert.throws(() => stripe.webhooks.constructEvent(tampered, d.signature, WEBHOOK_SECRET),
      (err) => err.type === 'StripeSignatureVerificationError');
    assert.throws(() => stripe.webhooks.constructEvent(d.body, d.signature, 'whsec_other'));
  }
});

function verify(payload, header, secret) {
  const file = path.join(tmp, 'payload.json');
  fs.writeFileSync(file, payload);
  return spawnSync(process.env.WOLFIX_VERIFY_BIN, [secret, header, file], { encoding: 'utf8' });
}

// The v1 value of a header made by generateTestHeaderString ("t=...,v1=...").
function v1Of(header) {
  return header.split(',').find((e) => e.startsWith('v1=')).slice(3);
}

test('our verifier accepts generateTestHeaderString signatures and rejects tampering', () => {
  const stripe = new Stripe(SECRET);
  const payload = JSON.stringify({ id: 'evt_test', object: 'event', type: 'payment_intent.succeeded' });
  const secret = 'whsec_compat_secret';
  // One timestamp for every header below. Left to itself, generateTestHeaderString reads the
  // clock on each call, and a v1 is only valid for the t it was signed with: when the calls
  // straddled a second boundary (likely under load, with verifier processes spawned between
  // them) the combined rolling-secret header paired one header's v1 with another's t and
  // rightly failed as `mismatch`.
  const t = Math.floor(Date.now() / 1000);
  const header = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t });
  let r = verify(payload, header, secret);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  r = verify(payload + ' ', header, secret);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), 'mismatch');
  r = verify(payload, header, 'whsec_wrong');
  assert.equal(r.status, 1);
  const stale = stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: t - 3600 });
  r = verify(payload, stale, secret);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), 'timestamp_out_of_tolerance');
  // A header carrying a second, valid v1 (a rolling secret) is accepted.
  const rolled = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_old', timestamp: t });
  const both = rolled + ',v1=' + v1Of(header);
  r = verify(payload, both, secret);
  assert.equal(r.status, 0, r.stdout);
  // ... but not a v1 signed for another timestamp (what the flaky version built by accident).
  const later = stripe.webhooks.generateTestHeaderString({ payload, secret: 'whsec_old', timestamp: t + 1 });
  r = verify(payload, later + ',v1=' + v1Of(header), secret);
  assert.equal(r.status, 1);
  assert.equal(r.stdout.trim(), 'mismatch');
});

test('the standalone sandbox serves the plain host/port options', async () => {
  const stripe = client(SECRET, standalone.port, '');
  const pi = await stripe.paymentIntents.create({ amount: 900, currency: 'usd' });
  const paid = await stripe.paymentIntents.confirm(pi.id, { payment_method: 'pm_card_amex' });
  assert.equal(paid.status, 'succeeded');
  const refund = await stripe.refunds.create({ payment_intent: pi.id, amount: 100 });
  assert.equal(refund.amount, 100);
});
