// My orders: the list and one order's details with its payment and delivery status, refreshed
// while a card payment is still being confirmed.
import { get, post, itemsOf } from './api.js';
import { h, clear, money, photo, formatDate, statusBadge, PAYMENT_STATUS, DELIVERY_STATUS, PAYMENT_OPTION, enumName } from './dom.js';
import { user, hasRole } from './session.js';
import { announce, showError, viewAlive } from './app.js';
import { secretOf, declineMessage } from './payment.js';

const POLL_MS = 2000;

export async function renderOrders(main) {
  const heading = h('h1', { tabindex: '-1' }, 'My orders');
  if (!hasRole('Customer')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Forders' }, 'Sign in'), ' to see your orders.'));
    return;
  }
  let orders;
  try {
    orders = itemsOf(await get(`/api/orders/${user().profileId}`));
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  if (!orders.length) {
    clear(main, heading, h('p', { class: 'empty' }, 'You have no orders yet. ', h('a', { href: '#/' }, 'Start shopping')));
    return;
  }
  clear(
    main,
    heading,
    h('ul', { class: 'orders', 'aria-label': 'Orders' }, orders.map((o) =>
      h('li', { class: 'order-row' },
        h('div', { class: 'grow' },
          h('a', { href: `#/orders/${o.id}` }, `Order ${o.number}`),
          h('p', { class: 'muted' }, `${formatDate(o.createdAt)} · ${(o.productsNames || []).join(', ')}`)),
        h('div', { class: 'badges' },
          statusBadge('pay', PAYMENT_STATUS, o.paymentStatus), statusBadge('del', DELIVERY_STATUS, o.deliveryStatus)),
        h('p', { class: 'line-total' }, money(o.price))))),
  );
  // A pending card payment settles at the provider: look again until it does.
  if (orders.some((o) => o.paymentStatus === 1)) {
    setTimeout(() => viewAlive(main) && renderOrders(main), POLL_MS);
  }
}

// The card payment's side of an order (GET /api/orders/{id}/payments): money received and
// refunded, each refund, and why the last attempt failed.
export function paymentInfo(pay) {
  if (!pay) return null;
  const refunds = itemsOf(pay.refunds);
  const refunded = Number(pay.refunded || 0);
  return h('section', { class: 'payment-info', 'aria-labelledby': 'payinfo-h' },
    h('h2', { id: 'payinfo-h' }, 'Payment details'),
    h('dl', { class: 'facts' },
      pay.received !== undefined ? [h('dt', {}, 'Received'), h('dd', {}, money(pay.received))] : null,
      refunded ? [h('dt', {}, 'Refunded'), h('dd', { 'data-refunded': refunded.toFixed(2) }, money(pay.refunded))] : null,
      pay.lastError && pay.paymentStatus !== 2 && pay.paymentStatus !== 4
        ? [h('dt', {}, 'Last attempt'), h('dd', { class: 'warn' }, declineMessage({ code: pay.lastError.code, decline_code: pay.lastError.declineCode, message: pay.lastError.message }))]
        : null),
    refunds.length
      ? h('ul', { class: 'plain', 'aria-label': 'Refunds' }, refunds.map((r) =>
          h('li', {}, `${money(r.amount)} refund — ${r.status}${r.reason ? ` (${r.reason.replace(/_/g, ' ')})` : ''}`, h('span', { class: 'muted' }, formatDate(r.createdAt)))))
      : null);
}

export function orderSummary(o) {
  const delivery = o.deliveryNumber
    ? `${o.deliveryMethodName}, ${o.deliveryCity}, №${o.deliveryNumber} (${o.deliveryStreet} ${o.deliveryHouseNumber})`
    : `${o.deliveryMethodName}, courier to ${o.deliveryCity}, ${o.deliveryStreet} ${o.deliveryHouseNumber}`;
  return [
    h('dl', { class: 'facts' },
      h('dt', {}, 'Payment'), h('dd', { 'data-payment-status': o.paymentStatus }, statusBadge('pay', PAYMENT_STATUS, o.paymentStatus), ` ${enumName(PAYMENT_OPTION, o.paymentOption)}`),
      h('dt', {}, 'Delivery'), h('dd', { 'data-delivery-status': o.deliveryStatus }, statusBadge('del', DELIVERY_STATUS, o.deliveryStatus)),
      h('dt', {}, 'Ship to'), h('dd', {}, delivery),
      h('dt', {}, 'Recipient'), h('dd', {}, `${o.recipientFirstName} ${o.recipientMiddleName ? `${o.recipientMiddleName} ` : ''}${o.recipientLastName}, ${o.recipientPhoneNumber}`),
      o.createdAt ? [h('dt', {}, 'Placed'), h('dd', {}, formatDate(o.createdAt))] : null,
      Number(o.deliveryFee) > 0 ? [h('dt', {}, 'Delivery fee'), h('dd', {}, money(o.deliveryFee))] : null,
      h('dt', {}, 'Total'), h('dd', {}, h('strong', {}, money(o.price)))),
    h('ul', { class: 'cart', 'aria-label': 'Items' }, (o.orderItems || []).map((i) =>
      h('li', { class: 'cart-line' }, photo(i.photoUrl, '', 'thumb'),
        h('div', { class: 'grow' }, h('a', { href: `#/product/${i.productId}` }, i.title), h('p', { class: 'muted' }, `${i.quantity} × ${money(i.price)}`)),
        h('p', { class: 'line-total' }, money(Number(i.price) * i.quantity))))),
  ];
}

export function historyList(o) {
  const history = o.history || [];
  if (!history.length) return null;
  return h('section', { 'aria-labelledby': 'hist-h' }, h('h2', { id: 'hist-h' }, 'History'),
    h('ol', { class: 'history' }, history.map((e) =>
      h('li', {}, h('span', { class: 'muted' }, formatDate(e.at)), ` ${e.what}${e.from !== null && e.to !== null ? `: ${e.from} → ${e.to}` : ''}${e.note ? ` — ${e.note}` : ''}`))));
}

export async function renderOrder(main, id) {
  let o;
  try {
    o = await get(`/api/orders/${id}/details`);
  } catch (e) {
    clear(main, h('h1', { tabindex: '-1' }, 'Order'), h('p', { class: 'empty' }, e.message));
    return;
  }
  const pay = o.paymentOption === 1 ? await get(`/api/orders/${id}/payments`).catch(() => null) : null;
  if (!viewAlive(main)) return;
  const pending = o.paymentStatus === 1;
  const canPay = hasRole('Customer') && o.paymentOption === 1 && (o.paymentStatus === 1 || o.paymentStatus === 3) && secretOf(o.id);
  const canCancel = hasRole('Customer') && o.deliveryStatus === 0 && (o.paymentStatus === 0 || o.paymentStatus === 3);
  const actions = h('div', { class: 'actions' },
    canPay ? h('a', { class: 'button primary', href: `#/pay/${o.id}` }, o.paymentStatus === 3 ? 'Try another card' : 'Pay now') : null,
    canCancel ? h('button', {
      type: 'button',
      class: 'danger',
      onclick: async (e) => {
        if (!confirm('Cancel this order?')) return;
        e.target.disabled = true;
        try {
          await post(`/api/orders/${o.id}/cancel`, {});
          announce('The order is cancelled.');
          renderOrder(main, id);
        } catch (ex) {
          showError(ex.message);
          e.target.disabled = false;
        }
      },
    }, 'Cancel order') : null);
  const focused = document.activeElement;
  const keepFocus = main.contains(focused) && focused.tagName !== 'H1';
  clear(
    main,
    h('p', {}, hasRole('Seller') ? h('a', { href: '#/seller' }, '← My sold orders') : h('a', { href: '#/orders' }, '← My orders')),
    h('h1', { tabindex: '-1' }, `Order ${o.number}`),
    pending ? h('p', { class: 'notice', role: 'status' }, 'Waiting for the payment to be confirmed… this page updates by itself.') : null,
    orderSummary(o),
    paymentInfo(pay),
    actions,
    historyList(o),
  );
  if (keepFocus) main.querySelector('h1').focus();
  if (pending) setTimeout(() => viewAlive(main) && renderOrder(main, id), POLL_MS);
}
