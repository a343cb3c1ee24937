// The catalog: product list with search and category filter, and the product page with reviews.
import { get, post, itemsOf, ApiError } from './api.js';
import { h, clear, field, money, photo, formatDate } from './dom.js';
import { user, hasRole } from './session.js';
import { addToCart } from './cart.js';
import { announce, showError, navigate, viewAlive } from './app.js';

let categoriesCache = null;

// Child categories grouped under their parents: [{parent, children:[{id,name}]}].
async function categories() {
  if (categoriesCache) return categoriesCache;
  try {
    const parents = itemsOf(await get('/api/categories/parent'));
    const groups = await Promise.all(
      parents.map(async (p) => ({
        parent: p,
        children: itemsOf(await get(`/api/categories/child/${p.id}`).catch(() => [])),
      })),
    );
    categoriesCache = groups;
  } catch {
    categoriesCache = [];
  }
  return categoriesCache;
}

async function loadProducts({ q, category, page }) {
  const size = 12;
  if (q) {
    const path = category
      ? `/api/products/search/category/${encodeURIComponent(category)}`
      : '/api/products/search';
    const items = itemsOf(await get(`${path}?searchQuery=${encodeURIComponent(q)}&pageSize=48`));
    return { items, totalPages: 1, currentPage: 1 };
  }
  if (category) {
    const data = await get(
      `/api/products/category/${encodeURIComponent(category)}/page/${page}?pageSize=${size}`,
    );
    return { items: itemsOf(data), totalPages: data.totalPages || 1, currentPage: data.currentPage || page };
  }
  // Wolfix.Server has no "all products" list: a large random sample, shown in a stable order.
  const items = itemsOf(await get('/api/products/random?pageSize=24'));
  items.sort((a, b) => String(a.title).localeCompare(String(b.title)));
  return { items, totalPages: 1, currentPage: 1 };
}

export function priceBlock(p) {
  const price = Number(p.price);
  const final = Number(p.finalPrice ?? p.price);
  const discounted = Number.isFinite(final) && final < price;
  const pct = discounted ? Math.round((1 - final / price) * 100) : 0;
  return h(
    'p',
    { class: 'price' },
    h('span', { class: 'final' }, money(discounted ? final : price)),
    discounted
      ? [
          ' ',
          h('s', { class: 'old', 'aria-label': `was ${money(price)}` }, money(price)),
          ' ',
          h('span', { class: 'discount' }, `−${pct}%`),
        ]
      : null,
  );
}

function stockText(p) {
  if (p.stock === undefined || p.stock === null) return null;
  const n = Number(p.stock);
  return h('p', { class: n > 0 ? 'stock in' : 'stock out' }, n > 0 ? `In stock: ${n}` : 'Out of stock');
}

function rating(p) {
  const r = Number(p.averageRating);
  if (!r) return null;
  return h('p', { class: 'rating', 'aria-label': `Rated ${r.toFixed(1)} out of 5` }, `★ ${r.toFixed(1)}`);
}

function addButton(p, label = 'Add to cart') {
  const outOfStock = p.stock !== undefined && p.stock !== null && Number(p.stock) <= 0;
  return h(
    'button',
    {
      type: 'button',
      class: 'primary',
      disabled: outOfStock,
      'data-out': outOfStock ? '1' : '0',
      'aria-label': `${label}: ${p.title}`,
      onclick: async (e) => {
        e.target.disabled = true;
        try {
          await addToCart(p.id, 1, p.title);
        } finally {
          e.target.disabled = e.target.dataset.out === '1';
        }
      },
    },
    label,
  );
}

function card(p) {
  return h(
    'li',
    { class: 'card', 'data-product-id': p.id },
    h('a', { href: `#/product/${p.id}`, class: 'card-link' }, photo(p.mainPhoto || p.photoUrl, ''), h('h3', {}, p.title)),
    priceBlock(p),
    rating(p),
    stockText(p),
    addButton(p),
  );
}

// Wolfix.Server's short product has no stock: read it from the product page, a few at a time.
async function fillStock(list, items) {
  const missing = items.filter((p) => p.stock === undefined);
  const next = async () => {
    const p = missing.shift();
    if (!p) return;
    try {
      const full = await get(`/api/products/product/${p.id}`);
      const li = list.querySelector(`[data-product-id="${p.id}"]`);
      if (li && full.stock !== undefined) {
        // In place, so a focused button keeps its focus.
        const button = li.querySelector('button');
        button.before(stockText(full));
        if (Number(full.stock) <= 0) {
          button.disabled = true;
          button.dataset.out = '1';
        }
      }
    } catch {
      /* the card stays without a stock line */
    }
    if (list.isConnected) await next();
  };
  await Promise.all(Array.from({ length: 4 }, next));
}

export async function renderHome(main, params) {
  const q = params.get('q') || '';
  const category = params.get('category') || '';
  const page = Math.max(1, Number(params.get('page')) || 1);

  const search = h('input', { type: 'search', name: 'q', value: q, autocomplete: 'off', placeholder: 'e.g. phone' });
  const select = h('select', { name: 'category' }, h('option', { value: '' }, 'All categories'));
  const form = h(
    'form',
    {
      class: 'toolbar',
      role: 'search',
      onsubmit: (e) => {
        e.preventDefault();
        const next = new URLSearchParams();
        if (search.value.trim()) next.set('q', search.value.trim());
        if (select.value) next.set('category', select.value);
        navigate(`#/${next.toString() ? `?${next}` : ''}`);
      },
    },
    field('Search products', search),
    field('Category', select),
    h('button', { type: 'submit' }, 'Search'),
  );
  const list = h('ul', { class: 'grid', 'aria-label': 'Products' });
  const pager = h('nav', { class: 'pager', 'aria-label': 'Pages' });
  const heading = h('h1', { tabindex: '-1' }, q ? `Results for “${q}”` : 'Products');
  clear(main, heading, form, h('p', { class: 'loading' }, 'Loading products…'));

  const groups = await categories();
  for (const g of groups) {
    const og = h('optgroup', { label: g.parent.name });
    for (const c of g.children) og.append(h('option', { value: c.id, selected: c.id === category }, c.name));
    if (g.children.length) select.append(og);
  }

  let data;
  try {
    data = await loadProducts({ q, category, page });
  } catch (e) {
    if (!viewAlive(main)) return;
    clear(main, heading, form, h('p', { class: 'empty' }, e.message));
    return;
  }
  // On the front page, the best discounts first.
  const deals = !q && !category && page === 1
    ? itemsOf(await get('/api/products/with-discount/page/1?pageSize=4').catch(() => []))
    : [];
  if (!viewAlive(main)) return;
  for (const p of data.items) list.append(card(p));
  fillStock(list, data.items);
  const dealList = deals.length ? h('ul', { class: 'grid deals', 'aria-label': 'Deals' }, deals.map(card)) : null;
  if (dealList) fillStock(dealList, deals);
  if (data.totalPages > 1) {
    for (let i = 1; i <= data.totalPages; i++) {
      const ps = new URLSearchParams(params);
      ps.set('page', String(i));
      pager.append(h('a', { href: `#/?${ps}`, 'aria-current': i === data.currentPage ? 'page' : null }, String(i)));
    }
  }
  clear(
    main,
    heading,
    form,
    dealList ? h('section', { 'aria-labelledby': 'deals-h' }, h('h2', { id: 'deals-h' }, 'Deals'), dealList) : null,
    dealList ? h('h2', {}, 'All products') : null,
    data.items.length
      ? h('p', { class: 'count' }, `${data.items.length} product${data.items.length === 1 ? '' : 's'}`)
      : h('p', { class: 'empty' }, 'No products match your search.'),
    list,
    pager,
  );
}

function reviewsSection(productId) {
  const section = h('section', { class: 'reviews', 'aria-labelledby': 'reviews-h' }, h('h2', { id: 'reviews-h' }, 'Reviews'));
  const list = h('ul', { class: 'review-list' });
  const more = h('button', { type: 'button', hidden: true }, 'More reviews');
  let cursor = null;
  async function load() {
    const qs = new URLSearchParams({ pageSize: '5' });
    if (cursor) qs.set('lastId', cursor);
    try {
      const data = await get(`/api/products/${productId}/reviews?${qs}`);
      const items = itemsOf(data);
      if (!items.length && !list.children.length) list.append(h('li', { class: 'empty' }, 'No reviews yet.'));
      for (const r of items)
        list.append(
          h(
            'li',
            {},
            h('p', { class: 'review-title' }, h('strong', {}, r.title), ' ', h('span', { class: 'rating', 'aria-label': `${r.rating} out of 5` }, '★'.repeat(r.rating || 0))),
            h('p', {}, r.text),
            h('p', { class: 'muted' }, formatDate(r.createdAt)),
          ),
        );
      cursor = data?.nextCursor || null;
      more.hidden = !cursor;
    } catch (e) {
      section.hidden = e instanceof ApiError && e.status === 404 && !list.children.length;
    }
  }
  more.addEventListener('click', load);
  section.append(list, more);
  if (hasRole('Customer')) section.append(reviewForm(productId, () => { list.replaceChildren(); cursor = null; load(); }));
  load();
  return section;
}

function reviewForm(productId, reload) {
  const title = h('input', { required: true, maxlength: 100 });
  const text = h('textarea', { required: true, rows: 3, maxlength: 1000 });
  const stars = h('select', { required: true }, [5, 4, 3, 2, 1].map((n) => h('option', { value: n }, `${n} ★`)));
  const err = h('p', { class: 'form-error', role: 'alert' });
  return h(
    'form',
    {
      class: 'stack',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        try {
          await post(`/api/products/${productId}/reviews`, {
            title: title.value,
            text: text.value,
            rating: Number(stars.value),
            customerId: user().profileId,
          });
          e.target.reset();
          announce('Thank you: your review was added.');
          reload();
        } catch (ex) {
          err.textContent = ex.message;
        }
      },
    },
    h('h3', {}, 'Write a review'),
    field('Title', title),
    field('Review', text),
    field('Rating', stars),
    err,
    h('button', { type: 'submit' }, 'Send review'),
  );
}

export async function renderProduct(main, id) {
  clear(main, h('p', { class: 'loading' }, 'Loading…'));
  let p;
  try {
    p = await get(`/api/products/product/${encodeURIComponent(id)}`);
  } catch (e) {
    showError(e.message);
    clear(main, h('h1', { tabindex: '-1' }, 'Product not found'), h('p', {}, h('a', { href: '#/' }, 'Back to the products')));
    return;
  }
  if (!viewAlive(main)) return;
  const medias = (p.medias || []).filter((m) => !m.contentType || /photo|image/i.test(String(m.contentType)));
  const main_ = medias.find((m) => m.isMain) || medias[0];
  const big = photo(main_?.url, p.title, 'photo big');
  const thumbs = medias.length > 1
    ? h('ul', { class: 'thumbs', 'aria-label': 'Photos' }, medias.map((m, i) =>
        h('li', {}, h('button', { type: 'button', 'aria-label': `Photo ${i + 1}`, onclick: () => { big.src = m.url; } }, photo(m.url, '', 'thumb')))))
    : null;
  const qty = h('input', { type: 'number', min: 1, max: p.stock ?? 1000, value: 1, inputmode: 'numeric', class: 'qty' });
  const outOfStock = p.stock !== undefined && p.stock !== null && Number(p.stock) <= 0;
  const attrs = (p.attributes || []).filter((a) => a.value);
  clear(
    main,
    h('p', {}, h('a', { href: '#/' }, '← All products')),
    h(
      'article',
      { class: 'product' },
      h('div', { class: 'gallery' }, big, thumbs),
      h(
        'div',
        { class: 'info' },
        h('h1', { tabindex: '-1' }, p.title),
        priceBlock(p),
        rating(p),
        stockText(p),
        p.seller?.sellerFullName ? h('p', { class: 'muted' }, `Sold by ${p.seller.sellerFullName}`) : null,
        h(
          'form',
          {
            class: 'buy',
            onsubmit: async (e) => {
              e.preventDefault();
              await addToCart(p.id, Math.max(1, Number(qty.value) || 1), p.title);
            },
          },
          field('Quantity', qty),
          h('button', { type: 'submit', class: 'primary', disabled: outOfStock }, outOfStock ? 'Out of stock' : 'Add to cart'),
        ),
        h('p', { class: 'description' }, p.description),
        attrs.length ? h('dl', { class: 'attributes' }, attrs.map((a) => [h('dt', {}, a.key), h('dd', {}, a.value)])) : null,
      ),
    ),
    reviewsSection(p.id),
  );
}
