// The cart: add from the catalog, change quantities, remove; every total comes from the server.
import { get, post, patch, del } from './api.js';
import { h, clear, money, photo } from './dom.js';
import { user, hasRole } from './session.js';
import { announce, showError, navigate, viewAlive, refreshCartCount } from './app.js';

export async function fetchCart() {
  const u = user();
  if (!u || u.role !== 'Customer') return null;
  return get(`/api/customers/cart-items/${u.profileId}`);
}

export async function addToCart(productId, quantity, title) {
  if (!hasRole('Customer')) {
    announce('Sign in as a customer to add products to your cart.');
    navigate(`#/login?next=${encodeURIComponent(location.hash || '#/')}`);
    return false;
  }
  try {
    await post('/api/customers/cart-items', { customerId: user().profileId, productId, quantity });
    announce(`Added to your cart: ${title || 'product'}.`);
    refreshCartCount();
    return true;
  } catch (e) {
    showError(e.message);
    return false;
  }
}

function line(item, customerId, rerender) {
  const qty = h('input', {
    type: 'number',
    min: 1,
    max: 1000,
    value: item.quantity ?? 1,
    inputmode: 'numeric',
    class: 'qty',
  });
  qty.id = `qty-${item.id}`;
  const update = async () => {
    const n = Number(qty.value);
    if (!Number.isInteger(n) || n < 1) {
      showError('Quantity must be a whole number of at least 1.');
      return;
    }
    try {
      await patch(`/api/customers/cart-items/${customerId}/${item.id}`, { quantity: n });
      announce(`Quantity of ${item.title} set to ${n}.`);
      rerender();
    } catch (e) {
      showError(e.message);
      rerender();
    }
  };
  qty.addEventListener('change', update);
  const unavailable = item.available === false;
  return h(
    'li',
    { class: `cart-line${unavailable ? ' unavailable' : ''}` },
    photo(item.photoUrl, '', 'thumb'),
    h(
      'div',
      { class: 'grow' },
      h('a', { href: `#/product/${item.productId}` }, item.title || 'Product'),
      h('p', { class: 'muted' }, `${money(item.price)} each`),
      unavailable ? h('p', { class: 'warn' }, item.availability === 'out_of_stock' || item.stock === 0 ? 'Out of stock' : 'No longer available') : null,
      item.stock != null && item.available !== false && item.quantity > item.stock
        ? h('p', { class: 'warn' }, `Only ${item.stock} left`)
        : null,
    ),
    h('div', { class: 'qty-box' }, h('label', { for: qty.id }, 'Quantity', h('span', { class: 'sr-only' }, ` of ${item.title}`)), qty),
    h('p', { class: 'line-total' }, money(item.totalPrice ?? Number(item.price) * (item.quantity ?? 1))),
    h(
      'button',
      {
        type: 'button',
        class: 'link danger',
        'aria-label': `Remove ${item.title} from the cart`,
        onclick: async () => {
          try {
            await del(`/api/customers/cart-items/${customerId}/${item.id}`);
            announce(`Removed ${item.title} from your cart.`);
            rerender();
          } catch (e) {
            showError(e.message);
          }
        },
      },
      'Remove',
    ),
  );
}

export async function renderCart(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Your cart');
  if (!hasRole('Customer')) {
    clear(main, heading, h('p', {}, 'Sign in as a customer to see your cart. ', h('a', { href: '#/login?next=%23%2Fcart' }, 'Sign in')));
    return;
  }
  let cart;
  try {
    cart = await fetchCart();
  } catch (e) {
    clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  refreshCartCount(cart);
  const rerender = () => renderCart(main);
  const items = cart?.items || [];
  if (!items.length) {
    clear(main, heading, h('p', { class: 'empty' }, 'Your cart is empty. ', h('a', { href: '#/' }, 'Browse products')));
    return;
  }
  const ok = items.every((i) => i.available !== false);
  clear(
    main,
    heading,
    h('ul', { class: 'cart', 'aria-label': 'Cart items' }, items.map((i) => line(i, cart.customerId || user().profileId, rerender))),
    h(
      'div',
      { class: 'summary' },
      h('p', { class: 'total' }, 'Total: ', h('strong', { 'data-total': '' }, money(cart.totalCartPriceWithoutBonuses))),
      Number(cart.bonusesAmount) > 0 ? h('p', { class: 'muted' }, `Your bonuses: ${money(cart.bonusesAmount)}`) : null,
      ok
        ? h('a', { href: '#/checkout', class: 'button primary' }, 'Checkout')
        : h('p', { class: 'warn' }, 'Remove the unavailable items to check out.'),
    ),
  );
}
