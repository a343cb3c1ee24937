// Admins and the SuperAdmin: reviews held for moderation (a link, capital letters, or the
// moderation service could not check them), approved or deleted one by one.
import { get, patch, del, itemsOf } from './api.js';
import { h, clear, formatDate } from './dom.js';
import { hasRole } from './session.js';
import { announce, viewAlive } from './app.js';
import { stars } from './catalog.js';

const REASONS = {
  link: 'Contains a link or e-mail address',
  shouting: 'Written in capital letters',
  moderation_unavailable: 'The moderation service did not answer',
  toxic: 'The moderation service found it toxic (asked again later)',
};

export async function renderModeration(main) {
  const heading = h('h1', { tabindex: '-1' }, 'Reviews to moderate');
  if (!hasRole('Admin', 'SuperAdmin')) {
    clear(main, heading, h('p', {}, h('a', { href: '#/login?next=%23%2Fmoderation' }, 'Sign in as an admin'), ' to moderate reviews.'));
    return;
  }
  const list = h('ul', { class: 'review-list', 'aria-label': 'Held reviews' });
  const more = h('button', { type: 'button', hidden: true }, 'More');
  let cursor = null;
  clear(main, heading, h('p', { class: 'loading' }, 'Loading…'));

  const act = async (li, r, approve) => {
    for (const b of li.querySelectorAll('button')) b.disabled = true;
    try {
      if (approve) await patch(`/api/reviews/${r.id}/approve`, {});
      else await del(`/api/reviews/${r.id}`);
      li.remove();
      announce(approve ? 'The review is published.' : 'The review was deleted.');
      if (!list.children.length) list.append(h('li', { class: 'empty' }, 'Nothing to moderate.'));
    } catch (e) {
      announce(e.message);
      for (const b of li.querySelectorAll('button')) b.disabled = false;
    }
  };

  const item = (r) => {
    const li = h(
      'li',
      { 'data-review-id': r.id },
      h('p', { class: 'review-title' }, h('span', { class: 'rating', 'aria-label': `${r.rating} out of 5` }, stars(r.rating)),
        r.title ? [' ', h('strong', {}, r.title)] : null),
      h('p', { class: 'review-text' }, r.text),
      h('p', { class: 'muted' }, `${r.authorName || 'Customer'} · ${formatDate(r.createdAt)} · `,
        h('a', { href: `#/product/${r.productId}` }, 'the product')),
      h('p', { class: 'notice' }, REASONS[r.holdReason] || r.holdReason || 'Held'),
    );
    li.append(h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'primary', 'aria-label': `Approve: ${r.text.slice(0, 40)}`, onclick: () => act(li, r, true) }, 'Approve'),
      ' ',
      h('button', { type: 'button', class: 'danger', 'aria-label': `Delete: ${r.text.slice(0, 40)}`, onclick: () => act(li, r, false) }, 'Delete')));
    return li;
  };

  async function load() {
    const qs = new URLSearchParams({ pageSize: '20' });
    if (cursor) qs.set('lastId', cursor);
    const data = await get(`/api/reviews/pending?${qs}`);
    for (const r of itemsOf(data)) list.append(item(r));
    if (!list.children.length) list.append(h('li', { class: 'empty' }, 'Nothing to moderate.'));
    cursor = data?.nextCursor || null;
    more.hidden = !cursor;
  }
  more.addEventListener('click', () => load().catch((e) => announce(e.message)));
  try {
    await load();
  } catch (e) {
    if (viewAlive(main)) clear(main, heading, h('p', { class: 'empty' }, e.message));
    return;
  }
  if (!viewAlive(main)) return;
  clear(main, heading, list, more);
}
