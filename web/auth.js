// Sign in (Wolfix.Server's two steps: the account's roles, then a token for one role), register,
// and, in development only, the seeded demo accounts to try the shop with.
import { get, post, itemsOf } from './api.js';
import { h, clear, field } from './dom.js';
import { signIn } from './session.js';
import { announce, navigate } from './app.js';

const HOME_OF = { Customer: '#/', Seller: '#/seller', Admin: '#/admin', SuperAdmin: '#/admin', Support: '#/support' };

async function demoAccounts() {
  try {
    // Only a development server answers this; anywhere else the list stays hidden.
    const res = await get('/api/demo/accounts', { anonymous: true, raw: true });
    if (res.status !== 200) return [];
    return itemsOf(res.body?.accounts ?? res.body);
  } catch {
    return [];
  }
}

function passwordInput(autocomplete) {
  return h('input', { type: 'password', name: 'password', required: true, autocomplete, minlength: 1 });
}

function loginForm(next) {
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'username' });
  const password = passwordInput('current-password');
  const roleBox = h('fieldset', { class: 'roles', hidden: true }, h('legend', {}, 'Sign in as'));
  const err = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Sign in');
  let roles = null;

  async function finish(role) {
    const token = await post('/api/account/token', { email: email.value, password: password.value, role }, { anonymous: true });
    signIn(token);
    announce(`Signed in as ${email.value} (${role}).`);
    navigate(next || HOME_OF[role] || '#/');
  }

  const form = h(
    'form',
    {
      class: 'stack card-form',
      'aria-labelledby': 'login-h',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        submit.disabled = true;
        try {
          const chosen = roleBox.querySelector('input:checked')?.value;
          if (roles && chosen) return await finish(chosen);
          const answer = await post('/api/account/roles', { email: email.value, password: password.value }, { anonymous: true });
          roles = answer.roles || [];
          if (roles.length === 1) return await finish(roles[0]);
          if (!roles.length) throw new Error('This account has no role to sign in with.');
          roleBox.replaceChildren(h('legend', {}, 'Sign in as'));
          roles.forEach((r, i) => {
            const id = `role-${r}`;
            roleBox.append(h('div', { class: 'radio' }, h('input', { type: 'radio', name: 'role', id, value: r, checked: i === 0 }), h('label', { for: id }, r)));
          });
          roleBox.hidden = false;
          submit.textContent = 'Continue';
          roleBox.querySelector('input').focus();
        } catch (ex) {
          err.textContent = ex.message;
        } finally {
          submit.disabled = false;
        }
      },
    },
    h('h2', { id: 'login-h' }, 'Sign in'),
    field('Email', email),
    field('Password', password),
    roleBox,
    err,
    submit,
  );
  form.fill = (acc) => {
    email.value = acc.email;
    password.value = acc.password;
    roles = null;
    roleBox.hidden = true;
    submit.textContent = 'Sign in';
    form.requestSubmit();
  };
  return form;
}

function registerForm(next) {
  const email = h('input', { type: 'email', name: 'email', required: true, autocomplete: 'email' });
  const password = passwordInput('new-password');
  const err = h('p', { class: 'form-error', role: 'alert' });
  return h(
    'form',
    {
      class: 'stack card-form',
      'aria-labelledby': 'register-h',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        const btn = e.target.querySelector('button');
        btn.disabled = true;
        try {
          const token = await post('/api/account/customer/register', { email: email.value, password: password.value }, { anonymous: true });
          signIn(token);
          announce(`Welcome! Your account ${email.value} is ready.`);
          navigate(next || '#/');
        } catch (ex) {
          err.textContent = ex.message;
        } finally {
          btn.disabled = false;
        }
      },
    },
    h('h2', { id: 'register-h' }, 'New here? Create an account'),
    field('Email', email),
    field('Password', password, 'At least 6 characters with an uppercase and a lowercase letter, a digit and a symbol.'),
    err,
    h('button', { type: 'submit' }, 'Create account'),
  );
}

export async function renderLogin(main, params) {
  const next = params.get('next');
  const login = loginForm(next);
  const demo = h('section', { class: 'demo', hidden: true, 'aria-labelledby': 'demo-h' });
  clear(main, h('h1', { tabindex: '-1' }, 'Sign in or register'), h('div', { class: 'columns' }, login, registerForm(next)), demo);
  const accounts = await demoAccounts();
  if (!accounts.length) return;
  demo.append(
    h('h2', { id: 'demo-h' }, 'Demo accounts (development only)'),
    h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Role'), h('th', { scope: 'col' }, 'Email'), h('th', { scope: 'col' }, 'Password'), h('th', { scope: 'col' }, h('span', { class: 'sr-only' }, 'Action')))),
      h('tbody', {}, accounts.map((a) =>
        h('tr', {},
          h('td', {}, a.role || (a.roles || []).join(', ')),
          h('td', {}, a.email),
          h('td', {}, h('code', {}, a.password)),
          h('td', {}, h('button', { type: 'button', onclick: () => login.fill(a) }, `Use ${a.email}`)))))),
  );
  demo.hidden = false;
}
