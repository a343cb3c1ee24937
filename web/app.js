// The storefront shell: hash routes, the navigation, and the live regions every view announces
// its messages through.
import { h, clear, setCurrency } from './dom.js';
import { user, signOut, onChange } from './session.js';
import { renderHome, renderProduct } from './catalog.js';
import { renderCart, fetchCart } from './cart.js';
import { renderLogin } from './auth.js';
import { renderCheckout, renderPay, renderPayReturn } from './checkout.js';
import { renderOrders, renderOrder } from './orders.js';
import { renderSeller } from './seller.js';
import { renderAdmin } from './admin.js';
import { renderModeration } from './moderation.js';
import { renderHelp, renderSupportDesk } from './support.js';
import { renderStaff } from './staff.js';
import { paymentConfig } from './payment.js';

const main = document.getElementById('main');
const statusEl = document.getElementById('status');
const alertEl = document.getElementById('alert');
let view = null;
let announcedAt = 0;

export function announce(text) {
  announcedAt = Date.now();
  alertEl.textContent = '';
  statusEl.textContent = '';
  // A fresh text node so screen readers announce the same message twice in a row.
  requestAnimationFrame(() => { statusEl.textContent = text; });
}

export function showError(text) {
  statusEl.textContent = '';
  alertEl.textContent = text;
}

export function navigate(hash, replace = false) {
  if (location.hash === hash) route();
  else if (replace) {
    history.replaceState(null, '', hash);
    route();
  } else location.hash = hash;
}

// A view still on screen (the user has not navigated away while it was loading).
export const viewAlive = (el) => el === view && el.isConnected;

export async function refreshCartCount(cart) {
  const badge = document.getElementById('cart-count');
  try {
    const c = cart ?? (await fetchCart());
    const n = (c?.items || []).reduce((s, i) => s + (i.quantity ?? 1), 0);
    badge.textContent = n ? String(n) : '';
    badge.hidden = !n;
    document.getElementById('cart-link').setAttribute('aria-label', n ? `Cart, ${n} item${n === 1 ? '' : 's'}` : 'Cart');
  } catch {
    badge.hidden = true;
  }
}

function renderNav() {
  const u = user();
  const role = u?.role;
  const links = [['#/', 'Shop']];
  if (!u || role === 'Customer') links.push(['#/cart', 'Cart'], ['#/orders', 'My orders'], ['#/help', 'Help']);
  if (role === 'Seller') links.push(['#/seller', 'Seller']);
  if (role === 'Admin' || role === 'SuperAdmin') links.push(['#/admin', 'Admin'], ['#/moderation', 'Reviews']);
  if (role === 'SuperAdmin') links.push(['#/staff', 'Staff']);
  if (role === 'Support') links.push(['#/support', 'Support desk']);
  const nav = document.getElementById('nav');
  clear(nav, h('ul', {}, links.map(([href, label]) => {
    const a = h('a', { href }, label);
    if (href === '#/cart') {
      a.id = 'cart-link';
      a.append(' ', h('span', { id: 'cart-count', class: 'count-badge', hidden: true, 'aria-hidden': 'true' }));
    }
    return h('li', {}, a);
  })));
  const who = document.getElementById('who');
  clear(who, u
    ? [h('span', { class: 'muted' }, `${u.email} · ${role}`), ' ', h('button', { type: 'button', class: 'link', onclick: () => { signOut(); announce('You are signed out.'); navigate('#/'); } }, 'Sign out')]
    : h('a', { href: '#/login', class: 'button' }, 'Sign in'));
  markCurrent();
  if (role === 'Customer') refreshCartCount();
}

function markCurrent() {
  const path = (location.hash || '#/').split('?')[0];
  for (const a of document.querySelectorAll('#nav a')) {
    const href = a.getAttribute('href');
    const current = href === '#/' ? path === '#/' || path.startsWith('#/product') : path.startsWith(href);
    if (current) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
}

const routes = [
  [/^\/$/, (el, p) => renderHome(el, p), 'Products'],
  [/^\/product\/([^/]+)$/, (el, p, id) => renderProduct(el, id), 'Product'],
  [/^\/cart$/, (el) => renderCart(el), 'Cart'],
  [/^\/login$/, (el, p) => renderLogin(el, p), 'Sign in'],
  [/^\/checkout$/, (el) => renderCheckout(el), 'Checkout'],
  [/^\/pay\/([^/]+)$/, (el, p, id) => renderPay(el, id, p), 'Payment'],
  [/^\/pay-return\/([^/]+)$/, (el, p, id) => renderPayReturn(el, id, p), 'Payment'],
  [/^\/orders$/, (el) => renderOrders(el), 'My orders'],
  [/^\/orders\/([^/]+)$/, (el, p, id) => renderOrder(el, id), 'Order'],
  [/^\/seller$/, (el) => renderSeller(el), 'Seller'],
  [/^\/admin$/, (el, p) => renderAdmin(el, p), 'Admin'],
  [/^\/moderation$/, (el) => renderModeration(el), 'Reviews to moderate'],
  [/^\/help$/, (el) => renderHelp(el), 'Help'],
  [/^\/support$/, (el, p) => renderSupportDesk(el, p), 'Support desk'],
  [/^\/staff$/, (el) => renderStaff(el), 'Staff'],
];

let firstRoute = true;
async function route() {
  const hash = location.hash || '#/';
  if (!hash.startsWith('#/')) return; // the skip link's #main
  const [path, query = ''] = hash.slice(1).split('?');
  const params = new URLSearchParams(query);
  const found = routes.find(([re]) => re.test(path));
  view = h('div', { class: 'view' });
  main.replaceChildren(view);
  markCurrent();
  if (!found) {
    clear(view, h('h1', { tabindex: '-1' }, 'Page not found'), h('p', {}, h('a', { href: '#/' }, 'Go to the shop')));
    return;
  }
  const [re, render, title] = found;
  document.title = `${title} — Wolfix`;
  const el = view;
  try {
    await render(el, params, ...(path.match(re).slice(1).map(decodeURIComponent)));
  } catch (e) {
    if (viewAlive(el)) showError(e.message || String(e));
  }
  // Move focus to the new page's heading, as a screen reader user expects after navigation.
  if (!firstRoute && viewAlive(el) && !el.contains(document.activeElement)) el.querySelector('h1')?.focus();
  firstRoute = false;
}

document.getElementById('skip').addEventListener('click', (e) => {
  e.preventDefault();
  (main.querySelector('h1') || main).focus();
});
window.addEventListener('hashchange', () => {
  alertEl.textContent = '';
  // A message said just before this navigation is about it; older ones are stale.
  if (Date.now() - announcedAt > 1000) statusEl.textContent = '';
  route();
});
onChange(renderNav);
renderNav();
paymentConfig().then((c) => setCurrency(c.currency)).catch(() => {}).finally(route);
