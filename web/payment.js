// Card payments the way Stripe.js does them: the browser confirms the PaymentIntent with the
// provider (here the Stripe-compatible sandbox) using the publishable key and the client secret,
// then asks Wolfix to check the intent and mark the order paid. Card data never reaches Wolfix.
import { get, patch } from './api.js';

export const CARD_NETWORK_ERROR =
  'Could not reach the payment service. Check your connection and try again; you have not been charged.';

// Stripe's own texts for the declines a shopper can do something about.
const MESSAGES = {
  generic_decline: 'Your card was declined.',
  card_declined: 'Your card was declined.',
  insufficient_funds: 'Your card has insufficient funds.',
  expired_card: 'Your card has expired.',
  incorrect_cvc: "Your card's security code is incorrect.",
  incorrect_number: 'Your card number is incorrect.',
  invalid_expiry_year: "Your card's expiration year is invalid.",
  invalid_expiry_month: "Your card's expiration month is invalid.",
  processing_error: 'An error occurred while processing your card. Try again in a little bit.',
  lost_card: 'Your card was declined.',
  stolen_card: 'Your card was declined.',
  fraudulent: 'Your card was declined.',
  payment_intent_authentication_failure:
    'We are unable to authenticate your payment method. Please choose a different payment method and try again.',
};

export function declineMessage(error) {
  if (!error) return 'Your card was declined.';
  return MESSAGES[error.decline_code] || MESSAGES[error.code] || error.message || 'Your card was declined.';
}

let configPromise = null;
export function paymentConfig() {
  configPromise ||= get('/api/payments/config', { anonymous: true }).catch((e) => {
    configPromise = null;
    throw e;
  });
  return configPromise;
}

const SECRETS = 'wolfix.clientSecrets';
export function rememberSecret(orderId, clientSecret) {
  const all = JSON.parse(sessionStorage.getItem(SECRETS) || '{}');
  all[orderId] = clientSecret;
  sessionStorage.setItem(SECRETS, JSON.stringify(all));
}
export function secretOf(orderId) {
  return JSON.parse(sessionStorage.getItem(SECRETS) || '{}')[orderId] || null;
}

export const intentIdOf = (clientSecret) => String(clientSecret).split('_secret_')[0];

// → {paymentIntent} or {error: {code, decline_code, message, network?}}
export async function confirmCard(clientSecret, card, returnUrl) {
  let config;
  try {
    config = await paymentConfig();
  } catch {
    return { error: { message: CARD_NETWORK_ERROR, network: true } };
  }
  const form = new URLSearchParams();
  form.set('client_secret', clientSecret);
  form.set('payment_method_data[type]', 'card');
  form.set('payment_method_data[card][number]', card.number);
  form.set('payment_method_data[card][exp_month]', String(card.expMonth));
  form.set('payment_method_data[card][exp_year]', String(card.expYear));
  form.set('payment_method_data[card][cvc]', card.cvc);
  if (returnUrl) form.set('return_url', returnUrl);
  const url = `${config.apiBase.replace(/\/$/, '')}/v1/payment_intents/${encodeURIComponent(intentIdOf(clientSecret))}/confirm`;
  let res;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: {
        Authorization: `Bearer ${config.publishableKey}`,
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: form,
    });
  } catch {
    return { error: { message: CARD_NETWORK_ERROR, network: true } };
  }
  let body = null;
  try {
    body = await res.json();
  } catch {
    /* not JSON: handled below */
  }
  if (!res.ok) {
    if (body?.error) return { error: body.error };
    return { error: { message: res.status >= 500 ? CARD_NETWORK_ERROR : `The payment service answered ${res.status}.` } };
  }
  return { paymentIntent: body };
}

// Wolfix checks the intent with the provider before it marks the order Paid.
export async function markPaid(orderId) {
  return patch(`/api/orders/${orderId}/paid`);
}

// "12/34", "12 / 2034", "1234" → {month, year} or null.
export function parseExpiry(text) {
  const m = String(text).replace(/\s/g, '').match(/^(\d{1,2})\/?(\d{2}|\d{4})$/);
  if (!m) return null;
  const month = Number(m[1]);
  let year = Number(m[2]);
  if (year < 100) year += 2000;
  if (month < 1 || month > 12) return null;
  return { month, year };
}

export const TEST_CARDS = [
  ['4242 4242 4242 4242', 'succeeds'],
  ['4000 0000 0000 0002', 'declined'],
  ['4000 0000 0000 9995', 'insufficient funds'],
  ['4000 0000 0000 0069', 'expired card'],
  ['4000 0027 6000 3184', '3-D Secure challenge'],
];
