// The catalog: product list with search and category filter, and the product page with reviews.
import { get, post, patch, del, itemsOf, ApiError } from './api.js';
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

// sortBy=rating and minRating, when the shopper chose them.
function ratingQuery(sort, minRating) {
  const qs = new URLSearchParams();
  if (sort === 'rating') qs.set('sortBy', 'rating');
  if (minRating) qs.set('minRating', minRating);
  const s = qs.toString();
  return s ? `&${s}` : '';
}

async function loadProducts({ q, category, page, sort, minRating }) {
  const size = 12;
  const rated = ratingQuery(sort, minRating);
  if (q) {
    const path = category
      ? `/api/products/search/category/${encodeURIComponent(category)}`
      : '/api/products/search';
    const items = itemsOf(await get(`${path}?searchQuery=${encodeURIComponent(q)}&pageSize=48${rated}`));
    return { items, totalPages: 1, currentPage: 1 };
  }
  if (category) {
    const data = await get(
      `/api/products/category/${encodeURIComponent(category)}/page/${page}?pageSize=${size}${rated}`,
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

// The product page has the count; a list's short product only its status (sold out shows as
// NotAvailable), which is enough for a card and costs no request per card.
function stockText(p) {
  if (p.stock !== undefined && p.stock !== null) {
    const n = Number(p.stock);
    return h('p', { class: n > 0 ? 'stock in' : 'stock out' }, n > 0 ? `In stock: ${n}` : 'Out of stock');
  }
  if (p.status === 'NotAvailable') return h('p', { class: 'stock out' }, 'Out of stock');
  if (p.status === 'InStock') return h('p', { class: 'stock in' }, 'In stock');
  return null;
}

function soldOut(p) {
  if (p.stock !== undefined && p.stock !== null) return Number(p.stock) <= 0;
  return p.status === 'NotAvailable';
}

// Five stars filled to the nearest half, for an average or a single review's rating.
export function stars(value) {
  const v = Math.round(Number(value) * 2) / 2;
  const full = Math.floor(v);
  const half = v - full >= 0.5;
  return h(
    'span',
    { class: 'stars', 'aria-hidden': 'true' },
    h('span', { class: 'on' }, '★'.repeat(full)),
    half ? h('span', { class: 'half' }, '★') : null,
    h('span', { class: 'off' }, '★'.repeat(5 - full - (half ? 1 : 0))),
  );
}

const reviewsLabel = (n) => `${n} review${n === 1 ? '' : 's'}`;

// The average and the number of reviews; nothing on a card without reviews, a note on the
// product page.
function rating(p, { page = false } = {}) {
  const r = Number(p.averageRating);
  const n = Number(p.reviewsCount ?? (r ? 1 : 0));
  if (!r || !n) return page ? h('p', { class: 'rating none' }, 'No reviews yet') : null;
  return h(
    'p',
    { class: 'rating', 'aria-label': `Rated ${r.toFixed(1)} out of 5, ${reviewsLabel(n)}`, 'data-rating': r.toFixed(1) },
    stars(r),
    ` ${r.toFixed(1)} `,
    h('span', { class: 'muted' }, `(${reviewsLabel(n)})`),
  );
}

function addButton(p, label = 'Add to cart') {
  const outOfStock = soldOut(p);
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

export async function renderHome(main, params) {
  const q = params.get('q') || '';
  const category = params.get('category') || '';
  const page = Math.max(1, Number(params.get('page')) || 1);
  const sort = params.get('sort') === 'rating' ? 'rating' : '';
  const minRating = ['3', '4', '4.5'].includes(params.get('minRating')) ? params.get('minRating') : '';

  const sortSelect = h(
    'select',
    { name: 'sort' },
    h('option', { value: '', selected: !sort }, 'Price (low to high)'),
    h('option', { value: 'rating', selected: sort === 'rating' }, 'Rating (best first)'),
  );
  const minSelect = h(
    'select',
    { name: 'minRating' },
    [['', 'Any rating'], ['3', '3★ and up'], ['4', '4★ and up'], ['4.5', '4.5★ and up']].map(([v, t]) =>
      h('option', { value: v, selected: v === minRating }, t)),
  );
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
        if (sortSelect.value) next.set('sort', sortSelect.value);
        if (minSelect.value) next.set('minRating', minSelect.value);
        navigate(`#/${next.toString() ? `?${next}` : ''}`);
      },
    },
    field('Search products', search),
    field('Category', select),
    field('Sort by', sortSelect),
    field('Rating', minSelect),
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
    data = await loadProducts({ q, category, page, sort, minRating });
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
  const dealList = deals.length ? h('ul', { class: 'grid deals', 'aria-label': 'Deals' }, deals.map(card)) : null;
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

function reviewItem(r) {
  return h(
    'li',
    { 'data-review-id': r.id },
    h(
      'p',
      { class: 'review-title' },
      h('span', { class: 'rating', 'aria-label': `${r.rating} out of 5` }, stars(r.rating)),
      r.title ? [' ', h('strong', {}, r.title)] : null,
    ),
    h('p', { class: 'review-text' }, r.text),
    h(
      'p',
      { class: 'muted' },
      r.authorName || 'Customer',
      r.verifiedPurchase ? [' · ', h('span', { class: 'verified' }, 'Verified purchase')] : null,
      ' · ',
      formatDate(r.createdAt),
    ),
  );
}

const HOLD_REASONS = {
  link: 'it contains a link',
  shouting: 'it is written in capital letters',
  moderation_unavailable: 'the moderation service could not check it yet',
  toxic: 'a moderator will look at it',
};

// onChanged: after the shopper's review was added, changed or deleted (the average moved).
function reviewsSection(productId, onChanged) {
  const section = h('section', { class: 'reviews', 'aria-labelledby': 'reviews-h' }, h('h2', { id: 'reviews-h' }, 'Reviews'));
  const list = h('ul', { class: 'review-list', 'aria-label': 'Reviews' });
  const more = h('button', { type: 'button', hidden: true }, 'More reviews');
  const mine = h('div', { class: 'my-review' });
  let cursor = null;
  async function load() {
    const qs = new URLSearchParams({ pageSize: '10' });
    if (cursor) qs.set('lastId', cursor);
    try {
      const data = await get(`/api/products/${productId}/reviews?${qs}`);
      const items = itemsOf(data);
      if (!cursor) list.replaceChildren();
      if (!items.length && !list.children.length) list.append(h('li', { class: 'empty' }, 'No reviews yet.'));
      for (const r of items) list.append(reviewItem(r));
      cursor = data?.nextCursor || null;
      more.hidden = !cursor;
    } catch (e) {
      section.hidden = e instanceof ApiError && e.status === 404 && !list.children.length;
    }
  }
  async function reload() {
    cursor = null;
    await load();
    if (hasRole('Customer')) await loadMine();
    onChanged?.();
  }
  async function loadMine() {
    let own = null;
    try {
      own = itemsOf(await get(`/api/customers/${user().profileId}/reviews`)).find((r) => r.productId === productId) || null;
    } catch {
      own = null;
    }
    mine.replaceChildren(own ? ownReview(productId, own, reload) : reviewForm(productId, null, reload));
  }
  more.addEventListener('click', load);
  section.append(list, more);
  if (hasRole('Customer')) {
    section.append(mine);
    loadMine();
  } else {
    section.append(h('p', { class: 'muted' }, h('a', { href: '#/login' }, 'Sign in as a customer'), ' to write a review.'));
  }
  load();
  return section;
}

// The shopper's own review: its state, and Edit / Delete.
function ownReview(productId, r, reload) {
  const box = h('div', { class: 'own-review' });
  const err = h('p', { class: 'form-error', role: 'alert' });
  const pending = r.status === 'Pending';
  // replaceChildren would write a null as the text "null".
  const show = () =>
    clear(
      box,
      h('h3', {}, 'Your review'),
      h('ul', { class: 'review-list' }, reviewItem(r)),
      pending
        ? h('p', { class: 'notice pending' }, `Awaiting moderation: ${HOLD_REASONS[r.holdReason] || 'a moderator checks it'}.`)
        : null,
      h(
        'p',
        { class: 'actions' },
        h('button', { type: 'button', onclick: () => box.replaceChildren(reviewForm(productId, r, reload, show)) }, 'Edit your review'),
        ' ',
        h(
          'button',
          {
            type: 'button',
            class: 'danger',
            onclick: async (e) => {
              e.target.disabled = true;
              err.textContent = '';
              try {
                await del(`/api/products/${productId}/reviews/${r.id}`);
                announce('Your review was deleted.');
                await reload();
              } catch (ex) {
                err.textContent = ex.message;
                e.target.disabled = false;
              }
            },
          },
          'Delete your review',
        ),
      ),
      err,
    );
  show();
  return box;
}

// A new review, or `existing` to edit it.
function reviewForm(productId, existing, reload, cancel) {
  const title = h('input', { maxlength: 200, value: existing?.title || '' });
  const text = h('textarea', { required: true, rows: 3, maxlength: 4000 }, existing?.text || '');
  const stars_ = h(
    'select',
    { required: true },
    [5, 4, 3, 2, 1].map((n) => h('option', { value: n, selected: existing?.rating === n }, `${n} ★`)),
  );
  const err = h('p', { class: 'form-error', role: 'alert' });
  const submit = h('button', { type: 'submit', class: 'primary' }, existing ? 'Save review' : 'Send review');
  return h(
    'form',
    {
      class: 'stack review-form',
      onsubmit: async (e) => {
        e.preventDefault();
        err.textContent = '';
        submit.disabled = true;
        const body = { title: title.value.trim() || null, text: text.value, rating: Number(stars_.value) };
        try {
          const res = existing
            ? await patch(`/api/products/${productId}/reviews/${existing.id}`, body)
            : await post(`/api/products/${productId}/reviews`, { ...body, customerId: user().profileId });
          announce(res?.status === 'Pending'
            ? 'Thank you: your review will appear once a moderator has checked it.'
            : existing ? 'Your review was updated.' : 'Thank you: your review was added.');
          await reload();
        } catch (ex) {
          err.textContent = ex instanceof ApiError && ex.body?.code === 'review_rejected'
            ? `Your review was not accepted: ${ex.message}.`
            : ex.message;
          submit.disabled = false;
        }
      },
    },
    h('h3', {}, existing ? 'Edit your review' : 'Write a review'),
    field('Rating', stars_),
    field('Title (optional)', title),
    field('Review', text),
    err,
    h('p', { class: 'actions' }, submit, cancel ? [' ', h('button', { type: 'button', onclick: cancel }, 'Cancel')] : null),
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
  let ratingLine = rating(p, { page: true });
  // After the shopper's own review changed: the average and count as the server now has them.
  const refreshRating = async () => {
    try {
      const fresh = await get(`/api/products/product/${encodeURIComponent(p.id)}`);
      const next = rating(fresh, { page: true });
      ratingLine.replaceWith(next);
      ratingLine = next;
    } catch {
      /* keeps the old line */
    }
  };
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
        ratingLine,
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
    reviewsSection(p.id, refreshRating),
  );
}
