// The admin's view: look up any order with its status history and payment history.
import { get, itemsOf } from './api.js';
import { h, clear, field, money, formatDate } from './dom.js';
import { hasRole } from './session.js';
import { viewAlive, navigate } from './app.js';
import { orderSummary, historyList, paymentInfo } from './orders.js';

async function payment(orderId) {
  try {
    return await get(`/api/orders/${orderId}/payments`);
  } catch {
    return null;
  }
}

export async function renderAdmin(main, params) {
  const heading = h('h1', { tabindex: '-1' }, 'Admin: orders');
  if (!hasRole('Admin', 'SuperAdmin')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fadmin' }, 'Sign in as an admin'), ' to look at orders.'));
    return;
  }
  const orderId = params.get('order') || '';
  const input = h('input', { value: orderId, required: true, pattern: '[0-9a-fA-F\\-]{36}', title: 'An order id (UUID)', autocomplete: 'off' });
  const form = h('form', {
    class: 'toolbar',
    onsubmit: (e) => {
      e.preventDefault();
      navigate(`#/admin?order=${encodeURIComponent(input.value.trim())}`);
    },
  }, field('Order id', input), h('button', { type: 'submit' }, 'Show'));
  clear(main, heading, form);
  if (!orderId) return;
  let o;
  try {
    o = await get(`/api/orders/${encodeURIComponent(orderId)}/details`);
  } catch (e) {
    if (viewAlive(main)) main.append(h('p', { class: 'empty' }, e.message));
    return;
  }
  const pay = await payment(orderId);
  const payments = pay ? itemsOf(pay.history) : null;
  if (!viewAlive(main)) return;
  main.append(h('div', {},
    h('h2', {}, `Order ${o.number}`),
    orderSummary(o),
    paymentInfo(pay),
    historyList(o),
    payments
      ? h('section', { 'aria-labelledby': 'pay-h' }, h('h2', { id: 'pay-h' }, 'Payment history'),
          payments.length
            ? h('div', { class: 'table-wrap' }, h('table', {},
                h('thead', {}, h('tr', {}, ['When', 'Event', 'Amount', 'Source', 'Code', 'Reference'].map((t) => h('th', { scope: 'col' }, t)))),
                h('tbody', {}, payments.map((p) => h('tr', {},
                  h('td', {}, formatDate(p.at ?? p.createdAt)),
                  h('td', {}, p.kind ?? p.type ?? '', p.detail ? h('div', { class: 'muted' }, p.detail) : null),
                  h('td', {}, p.amount !== undefined && p.amount !== null ? money(p.amount) : ''),
                  h('td', {}, p.source ?? ''),
                  h('td', {}, p.code ?? ''),
                  h('td', {}, h('code', {}, p.providerRef ?? p.reference ?? '')))))))
            : h('p', { class: 'empty' }, 'No payment events.'))
      : null,
  ));
}
