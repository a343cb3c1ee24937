// Tiny DOM helpers: build elements without innerHTML (no injection from API data), format money
// and the API's integer enums.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'text') el.textContent = v;
    else if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k in el && typeof v !== 'string') el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

let idCounter = 0;
export const uid = (prefix = 'f') => `${prefix}-${++idCounter}`;

// A labelled form field: <div class="field"><label for>..</label><input id>..</div>.
export function field(label, input, hint) {
  input.id ||= uid('in');
  const hintEl = hint ? h('small', { id: `${input.id}-hint`, class: 'hint' }, hint) : null;
  if (hintEl) input.setAttribute('aria-describedby', hintEl.id);
  return h('div', { class: 'field' }, h('label', { for: input.id }, label), input, hintEl);
}

let currency = 'UAH';
export function setCurrency(code) {
  if (code) currency = String(code).toUpperCase();
}
// The API writes money as JSON numbers with two decimals ("459.98" in the seed's client).
export function money(value) {
  const n = Number(value);
  if (!Number.isFinite(n)) return '—';
  return `${n.toFixed(2)} ${currency}`;
}

export const PAYMENT_STATUS = ['Unpaid', 'Pending', 'Paid', 'Failed', 'Refunded'];
export const DELIVERY_STATUS = ['Preparing', 'On the way', 'Delivered', 'Cancelled'];
export const PAYMENT_OPTION = ['Cash on delivery', 'Card'];
export const DELIVERY_OPTION = ['Department', 'Post machine', 'Courier'];

export const enumName = (names, v) => names[v] ?? `#${v}`;

export function statusBadge(kind, names, value) {
  const name = enumName(names, value);
  return h('span', { class: `badge ${kind}-${String(name).toLowerCase().replace(/\s+/g, '-')}` }, name);
}

export function formatDate(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' });
}

// A product photo, or a locally drawn placeholder when the product has none.
export function photo(url, alt, cls = 'photo') {
  const img = h('img', { class: cls, alt: alt || '', loading: 'lazy', width: 320, height: 240 });
  img.src = url || '/web/placeholder.svg';
  img.addEventListener('error', () => {
    if (!img.src.endsWith('/web/placeholder.svg')) img.src = '/web/placeholder.svg';
  }, { once: true });
  return img;
}
