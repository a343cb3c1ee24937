// The SuperAdmin's staff pages: admins and support staff, each a paged list with removal and a
// form that makes a new member (or gives the role to an existing customer with that password).
import { get, post, del, itemsOf } from './api.js';
import { h, clear, field } from './dom.js';
import { hasRole } from './session.js';
import { announce, showError, viewAlive } from './app.js';

const PAGE_SIZE = 20;

const KINDS = {
  admins: { base: '/api/admins', title: 'Admins', one: 'admin', phone: true },
  supports: { base: '/api/supports', title: 'Support staff', one: 'support member', phone: false },
};

const fullName = (m) => [m.lastName, m.firstName, m.middleName].filter(Boolean).join(' ');

function createForm(kind, rerender) {
  const k = KINDS[kind];
  const inputs = {
    email: h('input', { type: 'email', required: true, autocomplete: 'off' }),
    password: h('input', { type: 'password', required: true, autocomplete: 'new-password' }),
    firstName: h('input', { required: true, autocomplete: 'off' }),
    lastName: h('input', { required: true, autocomplete: 'off' }),
    middleName: h('input', { autocomplete: 'off' }),
  };
  if (k.phone) inputs.phoneNumber = h('input', { type: 'tel', required: true, placeholder: '+380XXXXXXXXX', pattern: '\\+380\\d{9}', autocomplete: 'off' });
  const err = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', {
    class: 'card-form',
    'aria-labelledby': `${kind}-new-h`,
    onsubmit: async (e) => {
      e.preventDefault();
      err.textContent = '';
      const btn = form.querySelector('button[type="submit"]');
      btn.disabled = true;
      const body = Object.fromEntries(Object.entries(inputs).map(([n, el]) => [n, el.value]));
      if (!body.middleName) body.middleName = null;
      try {
        await post(k.base, body);
        announce(`${body.firstName} ${body.lastName} is now ${k.one === 'admin' ? 'an admin' : 'a support member'}.`);
        rerender();
      } catch (ex) {
        err.textContent = ex.message;
        btn.disabled = false;
      }
    },
  },
  h('h3', { id: `${kind}-new-h` }, `New ${k.one}`),
  h('p', { class: 'hint' }, 'An existing customer keeps their account when you enter their e-mail and password.'),
  field('Email', inputs.email),
  field('Password', inputs.password),
  h('div', { class: 'row' }, field('First name', inputs.firstName), field('Last name', inputs.lastName)),
  field('Middle name (optional)', inputs.middleName),
  k.phone ? field('Phone number', inputs.phoneNumber) : null,
  err,
  h('button', { type: 'submit', class: 'primary' }, `Add ${k.one}`));
  return form;
}

async function section(kind, page, rerender) {
  const k = KINDS[kind];
  const data = await get(`${k.base}/page/${page}?pageSize=${PAGE_SIZE}`);
  const items = itemsOf(data);
  const pager = data.totalPages > 1
    ? h('div', { class: 'actions' },
        h('button', { type: 'button', disabled: page <= 1, onclick: () => rerender(kind, page - 1) }, 'Previous page'),
        h('span', { class: 'muted' }, `Page ${page} of ${data.totalPages}`),
        h('button', { type: 'button', disabled: page >= data.totalPages, onclick: () => rerender(kind, page + 1) }, 'Next page'))
    : null;
  return h('section', { 'aria-labelledby': `${kind}-h`, 'data-kind': kind },
    h('h2', { id: `${kind}-h` }, `${k.title} (${data.totalItems})`),
    items.length
      ? h('div', { class: 'table-wrap' }, h('table', {},
          h('thead', {}, h('tr', {}, ['Name', k.phone ? 'Phone' : null, ''].filter((x) => x !== null).map((t) => h('th', { scope: 'col' }, t)))),
          h('tbody', {}, items.map((m) => h('tr', { 'data-id': m.id },
            h('td', {}, fullName(m)),
            k.phone ? h('td', {}, m.phoneNumber) : null,
            h('td', {}, h('button', {
              type: 'button',
              class: 'link danger',
              'aria-label': `Remove ${fullName(m)}`,
              onclick: async (e) => {
                if (!confirm(`Remove ${fullName(m)}? Their sign-in stops working at once.`)) return;
                e.target.disabled = true;
                try {
                  await del(`${k.base}/${m.id}`);
                  announce(`${fullName(m)} was removed.`);
                  rerender(kind, page);
                } catch (ex) {
                  showError(ex.message);
                  e.target.disabled = false;
                }
              },
            }, 'Remove')))))))
      : h('p', { class: 'empty' }, `No ${k.title.toLowerCase()} yet.`),
    pager,
    createForm(kind, () => rerender(kind, page)));
}

export async function renderStaff(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Staff');
  if (!hasRole('SuperAdmin')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fstaff' }, 'Sign in as the SuperAdmin'), ' to manage admins and support staff.'));
    return;
  }
  const pages = { admins: 1, supports: 1 };
  const draw = async () => {
    let parts;
    try {
      parts = await Promise.all(Object.keys(KINDS).map((kind) => section(kind, pages[kind], rerender)));
    } catch (e) {
      if (viewAlive(main)) clear(main, heading, h('p', { class: 'empty' }, e.message));
      return;
    }
    if (viewAlive(main)) clear(main, heading, h('div', { class: 'columns staff' }, parts));
  };
  const rerender = (kind, page) => {
    pages[kind] = page;
    draw();
  };
  await draw();
}
