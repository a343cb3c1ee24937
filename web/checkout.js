// Checkout: recipient, delivery (department, post machine or a courier service with its fee),
// payment option; then the
// card form, which pays an existing order and may be retried with another card on that order.
import { get, post, request, newKey, ApiError } from './api.js';
import { h, clear, field, money, uid } from './dom.js';
import { user, hasRole } from './session.js';
import { fetchCart } from './cart.js';
import { announce, showError, navigate, viewAlive, refreshCartCount } from './app.js';
import {
  confirmCard, declineMessage, markPaid, paymentConfig, parseExpiry, rememberSecret, secretOf, TEST_CARDS,
} from './payment.js';

function radio(name, value, label, checked) {
  const id = uid(name);
  return h('div', { class: 'radio' }, h('input', { type: 'radio', name, id, value, checked }), h('label', { for: id }, label));
}

function options(select, items, labelOf, placeholder) {
  select.replaceChildren(h('option', { value: '' }, placeholder));
  items.forEach((it, i) => select.append(h('option', { value: String(i) }, labelOf(it))));
  select.disabled = !items.length;
}

export async function renderCheckout(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Checkout');
  if (!hasRole('Customer')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fcheckout' }, 'Sign in'), ' to check out.'));
    return;
  }
  const u = user();
  const [cart, profile, methods, config] = await Promise.all([
    fetchCart().catch((e) => ({ error: e })),
    get(`/api/customers/${u.profileId}`).catch(() => null),
    get('/api/delivery-methods/delivery-methods?includeCourier=true').catch(() => []),
    paymentConfig().catch(() => null),
  ]);
  if (!viewAlive(main)) return;
  if (cart?.error) {
    clear(main, heading, h('p', { class: 'empty' }, cart.error.message));
    return;
  }
  const items = cart?.items || [];
  if (!items.length) {
    clear(main, heading, h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse products')));
    return;
  }

  const name = profile?.fullName || {};
  const first = h('input', { required: true, autocomplete: 'given-name', value: name.firstName || '', maxlength: 100 });
  const last = h('input', { required: true, autocomplete: 'family-name', value: name.lastName || '', maxlength: 100 });
  const middle = h('input', { autocomplete: 'additional-name', value: name.middleName || '', maxlength: 100 });
  const phone = h('input', {
    type: 'tel', required: true, autocomplete: 'tel', value: profile?.phoneNumber || '+380',
    pattern: '\\+380\\d{9}', title: '+380 followed by 9 digits',
  });

  const method = h('select', { required: true });
  const city = h('select', { required: true, disabled: true });
  const place = h('select', { disabled: true });
  const street = h('input', { autocomplete: 'address-line1', maxlength: 200 });
  const house = h('input', { type: 'number', min: 1, inputmode: 'numeric' });
  const town = h('input', { autocomplete: 'address-level2', maxlength: 100, value: profile?.address?.city || '' });
  if (profile?.address?.street) street.value = profile.address.street;
  if (profile?.address?.houseNumber) house.value = String(profile.address.houseNumber);
  const optionBox = h('fieldset', { class: 'inline' }, h('legend', {}, 'Deliver to'),
    radio('deliveryOption', '0', 'Department', true), radio('deliveryOption', '1', 'Post machine'));
  const cityField = field('City', city);
  const placeField = field('Pick-up department', place);
  const townField = field('Town', town);
  const courierFields = h('div', { hidden: true },
    townField, h('div', { class: 'row' }, field('Street', street), field('House number', house)));

  const methodList = Array.isArray(methods) ? methods : [];
  const methodOf = () => methodList[Number(method.value)];
  const feeOf = () => Number(methodOf()?.fee || 0);
  options(method, methodList, (m) => (Number(m.fee) > 0 ? `${m.name} (${money(m.fee)})` : m.name),
    methodList.length ? 'Choose a delivery service' : 'No delivery services');
  // A courier service brings the parcel to an address (in the cities it lists, or anywhere);
  // the others to a department or a post machine of a city they serve.
  const courier = () => Boolean(methodOf()?.courier);
  const option = () => (courier() ? 2 : Number(optionBox.querySelector('input:checked').value));
  const cityOf = () => methodOf()?.cities?.[Number(city.value)];
  const placesOf = () => (option() === 1 ? cityOf()?.postMachines : cityOf()?.departments) || [];
  const feeLine = h('p', { class: 'muted', hidden: true });
  const totalOut = h('strong', {}, money(cart.totalCartPriceWithoutBonuses));
  function refreshPlaces() {
    const c = courier();
    const anyCity = c && !(methodOf()?.cities || []).length;
    courierFields.hidden = !c;
    optionBox.hidden = c;
    placeField.hidden = c;
    cityField.hidden = anyCity;
    townField.hidden = !anyCity;
    town.required = anyCity;
    city.required = !anyCity;
    street.required = c;
    house.required = c;
    place.required = !c;
    placeField.querySelector('label').textContent = option() === 1 ? 'Pick-up post machine' : 'Pick-up department';
    options(place, placesOf(), (p) => `№${p.number}: ${p.street} ${p.houseNumber}${p.note ? ` (${p.note})` : ''}`, city.value === '' ? 'Choose a city first' : 'Choose one');
    const fee = feeOf();
    feeLine.hidden = fee <= 0;
    feeLine.textContent = `Delivery: ${money(fee)}`;
    totalOut.textContent = money(Number(cart.totalCartPriceWithoutBonuses) + fee);
  }
  method.addEventListener('change', () => {
    const cities = methodOf()?.cities || [];
    options(city, cities, (c) => c.name, 'Choose a city');
    if (cities.length === 1) city.value = '0';
    refreshPlaces();
  });
  city.addEventListener('change', refreshPlaces);
  optionBox.addEventListener('change', refreshPlaces);
  if (methodList.length === 1) {
    method.value = '0';
    method.dispatchEvent(new Event('change'));
  }

  const cardAllowed = config && (config.paymentMethodTypes || ['card']).includes('card');
  const payBox = h('fieldset', { class: 'inline' }, h('legend', {}, 'Payment'),
    radio('payment', 'cash', 'Cash on delivery', !cardAllowed), cardAllowed ? radio('payment', 'card', 'Card (pay now)', true) : null);
  const err = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, cardAllowed ? 'Continue to payment' : 'Place order');
  payBox.addEventListener('change', () => {
    submit.textContent = payBox.querySelector('input:checked').value === 'card' ? 'Continue to payment' : 'Place order';
  });
  let idempotencyKey = newKey();
  [first, last, middle, phone, method, city, place, town, street, house].forEach((el) => el.addEventListener('change', () => { idempotencyKey = newKey(); }));

  const form = h(
    'form',
    {
      class: 'checkout stack',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        const m = methodOf();
        const opt = option();
        const anyCity = opt === 2 && !(m?.cities || []).length;
        const cityName = anyCity ? town.value.trim() : cityOf()?.name;
        const p = placesOf()[Number(place.value)];
        if (!m || !cityName || (opt !== 2 && !p)) {
          err.textContent = 'Choose the delivery service, the city and where to deliver.';
          return;
        }
        const recipient = {
          FirstName: first.value.trim(), LastName: last.value.trim(),
          MiddleName: middle.value.trim() || null, PhoneNumber: phone.value.trim(),
        };
        const order = {
          customerId: u.profileId,
          customerEmail: u.email,
          deliveryMethodName: m.name,
          deliveryInfoCity: cityName,
          deliveryOption: opt,
          deliveryPoint: opt === 2 ? null : (opt === 1 ? 'PostMachine' : 'Department'),
          deliveryInfoNumber: opt === 2 ? null : p.number,
          deliveryInfoStreet: opt === 2 ? street.value.trim() : p.street,
          deliveryInfoHouseNumber: opt === 2 ? Number(house.value) : p.houseNumber,
          withBonuses: false,
          usedBonusesAmount: 0,
          // What the server will charge: the cart's total and the service's fee.
          price: Math.round((Number(cart.totalCartPriceWithoutBonuses) + feeOf()) * 100) / 100,
        };
        for (const [k, v] of Object.entries(recipient)) {
          order[`customer${k}`] = (profile?.fullName && k !== 'PhoneNumber' && profile.fullName[k[0].toLowerCase() + k.slice(1)]) || v;
          order[`recipient${k}`] = v;
        }
        if (profile?.phoneNumber) order.customerPhoneNumber = profile.phoneNumber;
        const body = {
          order,
          orderItems: items.map((i) => ({
            cartItemId: i.id, sellerId: i.sellerId, productId: i.productId, photoUrl: i.photoUrl,
            title: i.title, quantity: i.quantity ?? 1, price: Number(i.price),
          })),
        };
        const card = payBox.querySelector('input:checked').value === 'card';
        submit.disabled = true;
        try {
          if (card) {
            const res = await post('/api/orders/with-payment', body, { headers: { 'Idempotency-Key': idempotencyKey } });
            rememberSecret(res.orderId, res.clientSecret);
            refreshCartCount();
            navigate(`#/pay/${res.orderId}`);
          } else {
            const res = await request('POST', '/api/orders', body, { raw: true, headers: { 'Idempotency-Key': idempotencyKey } });
            if (res.status >= 400) throw new ApiError(res.status, res.body?.message || `The server answered ${res.status}.`, res.body);
            const id = res.headers.get('X-Order-Id') || res.body?.orderId || res.body?.id;
            announce('Your order is placed. You pay in cash when it arrives.');
            refreshCartCount();
            navigate(id ? `#/orders/${id}` : '#/orders');
          }
        } catch (ex) {
          err.textContent = ex.message;
          submit.disabled = false;
        }
      },
    },
    h('fieldset', {}, h('legend', {}, 'Recipient'),
      h('div', { class: 'row' }, field('First name', first), field('Last name', last)),
      h('div', { class: 'row' }, field('Middle name (optional)', middle), field('Phone number', phone, 'Format: +380XXXXXXXXX'))),
    h('fieldset', {}, h('legend', {}, 'Delivery'),
      field('Delivery service', method), cityField, optionBox, placeField, courierFields),
    payBox,
    h('section', { class: 'summary', 'aria-labelledby': 'sum-h' },
      h('h2', { id: 'sum-h' }, 'Order summary'),
      h('ul', { class: 'plain' }, items.map((i) => h('li', {}, `${i.title} × ${i.quantity ?? 1}`, h('span', {}, money(i.totalPrice ?? i.price))))),
      feeLine,
      h('p', { class: 'total' }, 'Total: ', totalOut)),
    err,
    submit,
  );
  clear(main, heading, form);
  refreshPlaces();
}

// The card form for an order that waits for its payment (new, declined, or back from 3-D Secure).
export async function renderPay(main, orderId, params) {
  const heading = h('h1', { tabindex: '-1' }, 'Pay by card');
  let order;
  try {
    order = await get(`/api/orders/${orderId}/details`);
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  const secret = secretOf(orderId);
  if (order.paymentStatus === 2 || !secret) {
    navigate(`#/orders/${orderId}`);
    return;
  }
  const config = await paymentConfig().catch(() => null);
  const number = h('input', { required: true, autocomplete: 'cc-number', inputmode: 'numeric', placeholder: '4242 4242 4242 4242', maxlength: 23 });
  const exp = h('input', { required: true, autocomplete: 'cc-exp', inputmode: 'numeric', placeholder: 'MM/YY', maxlength: 7 });
  const cvc = h('input', { required: true, autocomplete: 'cc-csc', inputmode: 'numeric', placeholder: '123', maxlength: 4 });
  const err = h('p', { class: 'form-error', role: 'alert', id: 'card-error' });
  const submit = h('button', { type: 'submit', class: 'primary' }, `Pay ${money(order.price)}`);
  if (params.get('failed')) err.textContent = params.get('failed');

  const form = h(
    'form',
    {
      class: 'stack card-form pay',
      'aria-describedby': 'card-error',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        const expiry = parseExpiry(exp.value);
        if (!expiry) {
          err.textContent = 'Enter the expiry date as MM/YY.';
          exp.focus();
          return;
        }
        submit.disabled = true;
        submit.textContent = 'Processing…';
        const returnUrl = `${location.origin}/#/pay-return/${orderId}`;
        const result = await confirmCard(
          secret,
          { number: number.value.replace(/[\s-]/g, ''), expMonth: expiry.month, expYear: expiry.year, cvc: cvc.value.trim() },
          returnUrl,
        );
        const pi = result.paymentIntent;
        // Money taken: tell Wolfix even if the shopper has moved to another page meanwhile.
        if (!viewAlive(main)) {
          if (pi && (pi.status === 'succeeded' || pi.status === 'processing')) markPaid(orderId).catch(() => {});
          return;
        }
        if (result.error) {
          err.textContent = result.error.network ? result.error.message : declineMessage(result.error);
          submit.disabled = false;
          submit.textContent = `Pay ${money(order.price)}`;
          number.select();
          number.focus();
          return;
        }
        if (pi.status === 'requires_action' && pi.next_action?.redirect_to_url?.url) {
          announce('Your bank asks you to confirm this payment.');
          location.assign(pi.next_action.redirect_to_url.url);
          return;
        }
        await finishPaid(orderId, pi.status, err);
        submit.disabled = false;
        submit.textContent = `Pay ${money(order.price)}`;
      },
    },
    h('p', {}, `Order ${order.number}: `, h('strong', {}, money(order.price))),
    field('Card number', number),
    h('div', { class: 'row' }, field('Expiry (MM/YY)', exp), field('CVC', cvc)),
    err,
    submit,
    h('p', { class: 'muted' }, 'Card details go straight to the payment provider; Wolfix never sees them.'),
  );
  clear(
    main,
    heading,
    form,
    config?.provider === 'sandbox'
      ? h('details', { class: 'test-cards' }, h('summary', {}, 'Sandbox test cards'),
        h('ul', {}, TEST_CARDS.map(([n, what]) => h('li', {}, h('code', {}, n), ` — ${what}`))),
        h('p', { class: 'muted' }, 'Any future expiry date and any CVC.'))
      : null,
    h('p', {}, h('a', { href: `#/orders/${orderId}` }, 'Pay later — see the order')),
  );
}

// After the provider said succeeded (or processing): Wolfix verifies and marks the order paid.
async function finishPaid(orderId, status, err) {
  try {
    await markPaid(orderId);
    announce('Payment received. Thank you!');
    navigate(`#/orders/${orderId}`);
  } catch (e) {
    if (status === 'processing' || (e instanceof ApiError && e.status === 409 && status === 'succeeded')) {
      announce('Your payment is being confirmed.');
      navigate(`#/orders/${orderId}`);
      return;
    }
    err.replaceChildren(e.message, ' ', Object.assign(document.createElement('a'), { href: `#/orders/${orderId}`, textContent: 'See the order' }));
  }
}

// The sandbox's 3-D Secure page sends the shopper back here with the outcome.
export async function renderPayReturn(main, orderId, params) {
  clear(main, h('h1', { tabindex: '-1' }, 'Checking your payment…'));
  const status = params.get('redirect_status');
  if (status === 'succeeded') {
    const err = h('p', { class: 'form-error', role: 'alert' });
    main.append(err);
    await finishPaid(orderId, 'succeeded', err);
    return;
  }
  navigate(`#/pay/${orderId}?failed=${encodeURIComponent(declineMessage({ code: 'payment_intent_authentication_failure' }))}`, true);
}
