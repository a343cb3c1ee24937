// The support desk on the storefront: a customer's "Help" page (file a request, read the answers)
// and the support staff's queue of pending requests (answer or cancel each once).
import { get, patch, request, itemsOf, newKey } from './api.js';
import { h, clear, field, formatDate } from './dom.js';
import { user, hasRole } from './session.js';
import { announce, showError, viewAlive, navigate } from './app.js';

export const CATEGORIES = [
  ['General', 'General question'],
  ['OrderIssue', 'Problem with an order'],
  ['BugOrError', 'Bug or error on the site'],
];
const categoryLabel = (c) => (CATEGORIES.find(([v]) => v === c) || [c, c])[1];
const STATUS_LABEL = { Pending: 'Waiting for an answer', Processed: 'Answered', Canceled: 'Closed' };

function statusBadge(status) {
  const cls = { Pending: 'pay-pending', Processed: 'pay-paid', Canceled: 'pay-failed' }[status] || '';
  return h('span', { class: `badge ${cls}`, 'data-status': status }, STATUS_LABEL[status] || status);
}

// Photo links and order numbers the request carried (Wolfix.Server's additionalProperties).
function extras(props) {
  const list = itemsOf(props);
  if (!list.length) return null;
  return h('dl', { class: 'facts extras' }, list.map((p) => {
    let value = p.value;
    if (p.name === 'PhotoUrl') value = h('a', { href: p.value, target: '_blank', rel: 'noopener noreferrer' }, 'Open the photo');
    const label = { PhotoUrl: 'Photo', OrderId: 'Order id', OrderNumber: 'Order number' }[p.name] || p.name;
    return [h('dt', {}, label), h('dd', {}, value)];
  }));
}

function helpForm(orders, rerender) {
  const customerId = user().profileId;
  const category = h('select', { name: 'category' }, CATEGORIES.map(([v, label]) => h('option', { value: v }, label)));
  const content = h('textarea', { rows: 5, required: true, maxlength: 4000 });
  const order = h('select', { name: 'order' },
    orders.length
      ? orders.map((o) => h('option', { value: o.id, 'data-number': o.number }, `Order ${o.number} · ${formatDate(o.createdAt)}`))
      : h('option', { value: '' }, 'You have no orders'));
  const orderField = field('Order', order);
  const photo = h('input', { type: 'file', accept: 'image/png,image/jpeg,image/webp,image/gif' });
  const photoField = field('Screenshot (optional)', photo, 'A picture of the problem helps us find it.');
  const err = h('p', { class: 'form-error', role: 'alert' });
  let key = newKey();
  const sync = () => {
    orderField.hidden = category.value !== 'OrderIssue';
    photoField.hidden = category.value !== 'BugOrError';
  };
  category.addEventListener('change', sync);
  sync();
  const form = h('form', {
    class: 'card-form help-form',
    'aria-labelledby': 'help-h',
    onsubmit: async (e) => {
      e.preventDefault();
      err.textContent = '';
      const btn = form.querySelector('button[type="submit"]');
      btn.disabled = true;
      const fields = { customerId, category: category.value, content: content.value };
      if (category.value === 'OrderIssue') {
        const chosen = order.selectedOptions[0];
        fields.orderId = order.value;
        fields.orderNumber = chosen?.dataset.number || '';
      }
      let body = fields;
      if (category.value === 'BugOrError' && photo.files.length) {
        body = new FormData();
        for (const [k, v] of Object.entries(fields)) body.append(k, v);
        body.append('photo', photo.files[0]);
      }
      try {
        await request('POST', '/api/support-requests', body, { headers: { 'Idempotency-Key': key } });
        key = newKey();
        announce('Your request was sent. We will answer by e-mail and on this page.');
        rerender();
      } catch (ex) {
        err.textContent = ex.message;
        btn.disabled = false;
      }
    },
  },
  h('h2', { id: 'help-h' }, 'Ask for help'),
  field('Topic', category),
  orderField,
  field('Your message', content),
  photoField,
  err,
  h('button', { type: 'submit', class: 'primary' }, 'Send request'));
  return form;
}

function myRequest(r) {
  const answered = r.status === 'Processed';
  return h('li', { class: 'order-card support-request', 'data-request-id': r.id },
    h('h3', {}, categoryLabel(r.category)),
    h('p', { class: 'muted' }, `Sent ${formatDate(r.createdAt)}`, r.processedAt ? ` · ${answered ? 'answered' : 'closed'} ${formatDate(r.processedAt)}` : ''),
    statusBadge(r.status),
    h('p', { class: 'description' }, r.requestContent),
    answered
      ? h('div', { class: 'answer' }, h('h4', {}, 'Answer from support'), h('p', { class: 'description' }, r.responseContent))
      : null);
}

export async function renderHelp(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Help');
  if (!hasRole('Customer')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fhelp' }, 'Sign in'), ' to ask our support team for help.'));
    return;
  }
  const me = user().profileId;
  let requests;
  let orders = [];
  try {
    [requests, orders] = await Promise.all([
      get(`/api/support-requests/${me}`),
      get(`/api/orders/${me}`).then(itemsOf).catch(() => []),
    ]);
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  const rerender = () => renderHelp(main);
  const list = itemsOf(requests);
  clear(main, heading,
    h('div', { class: 'columns' },
      helpForm(orders, rerender),
      h('section', { 'aria-labelledby': 'mine-h' },
        h('h2', { id: 'mine-h' }, 'My requests'),
        list.length
          ? h('ul', { class: 'orders', 'aria-label': 'My support requests' }, list.map(myRequest))
          : h('p', { class: 'empty' }, 'You have not asked for help yet.'))));
}

function pendingCard(r, rerender) {
  const support = user().profileId;
  const answer = h('textarea', { rows: 3, required: true, maxlength: 4000 });
  const err = h('p', { class: 'form-error', role: 'alert' });
  const act = async (btn, what) => {
    err.textContent = '';
    btn.disabled = true;
    try {
      const path = `/api/support-requests/${r.id}/supports/${support}/${what}`;
      if (what === 'respond') await patch(path, { content: answer.value });
      else await request('PATCH', path);
      announce(what === 'respond' ? 'Answer sent to the customer.' : 'Request cancelled.');
      rerender();
    } catch (ex) {
      if (ex.status === 409) {
        showError(`${ex.message} Someone else took care of it.`);
        rerender();
        return;
      }
      err.textContent = ex.message;
      btn.disabled = false;
    }
  };
  const name = [r.firstName, r.lastName].filter(Boolean).join(' ');
  return h('li', { class: 'order-card support-request', 'data-request-id': r.id },
    h('h2', {}, categoryLabel(r.category)),
    h('p', { class: 'muted' }, `${formatDate(r.createdAt)}${name ? ` · ${name}` : ''}${r.phoneNumber ? ` · ${r.phoneNumber}` : ''}`),
    h('p', { class: 'description' }, r.requestContent),
    extras(r.additionalProperties),
    h('form', {
      'aria-label': `Reply to the request of ${formatDate(r.createdAt)}`,
      onsubmit: (e) => {
        e.preventDefault();
        act(e.submitter || e.target.querySelector('button[type="submit"]'), 'respond');
      },
    },
    field('Answer', answer),
    err,
    h('div', { class: 'actions' },
      h('button', { type: 'submit', class: 'primary' }, 'Send answer'),
      h('button', { type: 'button', class: 'danger', onclick: (e) => act(e.target, 'cancel') }, 'Cancel request'))));
}

export async function renderSupportDesk(main, params) {
  const heading = h('h1', { tabindex: '-1' }, 'Support desk');
  if (!hasRole('Support')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fsupport' }, 'Sign in as support staff'), ' to answer requests.'));
    return;
  }
  const category = params.get('category') || '';
  const filter = h('select', {
    onchange: (e) => navigate(e.target.value ? `#/support?category=${e.target.value}` : '#/support'),
  }, h('option', { value: '' }, 'All topics'), CATEGORIES.map(([v, label]) => h('option', { value: v, selected: v === category }, label)));
  let items;
  try {
    items = itemsOf(await get(`/api/support-requests${category ? `?category=${encodeURIComponent(category)}` : ''}`));
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  const rerender = () => renderSupportDesk(main, params);
  clear(main, heading,
    h('div', { class: 'toolbar' }, field('Topic', filter), h('p', { class: 'count' }, `${items.length} waiting`)),
    items.length
      ? h('ul', { class: 'orders seller', 'aria-label': 'Pending requests' }, items.map((r) => pendingCard(r, rerender)))
      : h('p', { class: 'empty' }, 'No requests are waiting. Well done.'));
}
