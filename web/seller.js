// The seller's desk: their order items grouped by order, delivery status moved forward, and full
// or partial refunds of paid orders.
import { get, patch, post, itemsOf, newKey } from './api.js';
import { h, clear, field, money, formatDate, statusBadge, PAYMENT_STATUS, DELIVERY_STATUS, PAYMENT_OPTION, enumName } from './dom.js';
import { user, hasRole } from './session.js';
import { announce, showError, viewAlive } from './app.js';

// Preparing → On the way → Delivered.
const NEXT_DELIVERY = { 0: [1, 'Mark as on the way'], 1: [2, 'Mark as delivered'] };

function group(items) {
  const orders = new Map();
  for (const it of items) {
    const key = it.orderId || it.id;
    if (!orders.has(key)) orders.set(key, { ...it, items: [] });
    orders.get(key).items.push(it);
  }
  return [...orders.values()];
}

function refundForm(o, total, rerender) {
  const amount = h('input', { type: 'number', min: '0.01', step: '0.01', max: total.toFixed(2), inputmode: 'decimal', placeholder: total.toFixed(2) });
  const reason = h('select', {},
    h('option', { value: 'requested_by_customer' }, 'Requested by customer'),
    h('option', { value: 'duplicate' }, 'Duplicate'),
    h('option', { value: 'fraudulent' }, 'Fraudulent'));
  const err = h('p', { class: 'form-error', role: 'alert' });
  const key = { value: newKey() };
  const form = h('form', {
    class: 'refund',
    'aria-label': `Refund order ${o.orderNumber ?? ''}`,
    onsubmit: async (e) => {
      e.preventDefault();
      err.textContent = '';
      const btn = e.target.querySelector('button');
      btn.disabled = true;
      const body = { reason: reason.value };
      if (amount.value) body.amount = Number(amount.value);
      try {
        await post(`/api/orders/${o.orderId}/refunds`, body, { headers: { 'Idempotency-Key': key.value } });
        key.value = newKey();
        announce(amount.value ? `Refunded ${money(amount.value)} of order ${o.orderNumber}.` : `Order ${o.orderNumber} refunded in full.`);
        rerender();
      } catch (ex) {
        err.textContent = ex.message;
        btn.disabled = false;
      }
    },
  },
  h('div', { class: 'row' },
    field('Refund amount', amount, 'Leave empty to refund in full.'),
    field('Reason', reason)),
  err,
  h('button', { type: 'submit', class: 'danger' }, 'Refund'));
  return h('details', { class: 'refund-box' }, h('summary', {}, 'Refund this order…'), form);
}

export async function renderSeller(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Seller: my orders');
  if (!hasRole('Seller')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fseller' }, 'Sign in as a seller'), ' to see your orders.'));
    return;
  }
  let items;
  try {
    items = itemsOf(await get(`/api/orders/sellers/${user().profileId}`));
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  const rerender = () => renderSeller(main);
  const orders = group(items);
  if (!orders.length) {
    clear(main, heading, h('p', { class: 'empty' }, 'No orders for your products yet.'));
    return;
  }
  clear(main, heading, h('ul', { class: 'orders seller', 'aria-label': 'Orders with my products' }, orders.map((o) => {
    const total = o.items.reduce((s, i) => s + Number(i.price) * i.quantity, 0);
    // A card order ships once paid; a cancelled or refunded one does not move.
    const shippable = o.paymentOption === 0 || o.paymentStatus === 2;
    const next = shippable ? NEXT_DELIVERY[o.deliveryStatus] : null;
    const cardPaid = o.paymentOption === 1 && o.paymentStatus === 2;
    return h('li', { class: 'order-card', 'data-order-id': o.orderId },
      h('h2', {}, o.orderId ? h('a', { href: `#/orders/${o.orderId}` }, `Order ${o.orderNumber ?? o.orderId}`) : `Order ${o.orderNumber}`),
      h('p', { class: 'muted' }, `${formatDate(o.createdAt)} · ${enumName(PAYMENT_OPTION, o.paymentOption)}`),
      h('div', { class: 'badges' }, statusBadge('pay', PAYMENT_STATUS, o.paymentStatus), statusBadge('del', DELIVERY_STATUS, o.deliveryStatus)),
      h('ul', { class: 'plain' }, o.items.map((i) => h('li', {}, `${i.title} × ${i.quantity}`, h('span', {}, money(Number(i.price) * i.quantity))))),
      h('p', { class: 'total' }, 'My items: ', h('strong', {}, money(total))),
      o.orderId && next
        ? h('button', {
            type: 'button',
            onclick: async (e) => {
              e.target.disabled = true;
              try {
                await patch(`/api/orders/${o.orderId}/delivery-status`, { status: next[0] });
                announce(`Order ${o.orderNumber}: ${DELIVERY_STATUS[next[0]]}.`);
                rerender();
              } catch (ex) {
                showError(ex.message);
                e.target.disabled = false;
              }
            },
          }, next[1])
        : null,
      o.orderId && cardPaid ? refundForm(o, total, rerender) : null);
  })));
}
