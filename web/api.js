// The one place that talks to the Wolfix API: JSON in and out, the bearer token, and errors
// turned into messages a person can read (the API puts them in `message`, as Wolfix.Server's
// web client expects).
import { token, signOut } from './session.js';

export const NETWORK_ERROR = 'Could not reach the server. Check your connection and try again.';

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

function messageOf(status, body) {
  if (body && typeof body === 'object') {
    if (body.message) {
      const fields = body.errors && typeof body.errors === 'object' ? Object.entries(body.errors) : [];
      if (fields.length && body.code === 'validation_failed') {
        return `${body.message}: ${fields.map(([k, v]) => `${k} ${[].concat(v).join(', ')}`).join('; ')}`;
      }
      return body.message;
    }
    if (body.error?.message) return body.error.message;
  }
  if (typeof body === 'string' && body) return body;
  if (status === 401) return 'Please sign in again.';
  if (status === 403) return 'You are not allowed to do that.';
  if (status === 404) return 'Not found.';
  return `The server answered ${status}.`;
}

async function parse(res) {
  const text = await res.text();
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

// request('GET', '/api/...') → parsed JSON (or null for 204). Throws ApiError. A FormData body
// is sent as multipart/form-data, anything else as JSON.
// opts.headers adds headers; opts.raw returns {status, headers, body} without throwing on 4xx.
export async function request(method, path, body, opts = {}) {
  const headers = { Accept: 'application/json', ...(opts.headers || {}) };
  const t = token();
  if (t && !opts.anonymous) headers.Authorization = `Bearer ${t}`;
  let payload;
  if (body instanceof FormData) {
    payload = body; // the browser writes the multipart Content-Type with its boundary
  } else if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  let res;
  try {
    res = await fetch(path, { method, headers, body: payload });
  } catch {
    throw new ApiError(0, NETWORK_ERROR, null);
  }
  const data = await parse(res);
  if (opts.raw) return { status: res.status, headers: res.headers, body: data };
  if (!res.ok) {
    if (res.status === 401 && t && !opts.anonymous) signOut();
    throw new ApiError(res.status, messageOf(res.status, data), data);
  }
  return data;
}

export const get = (path, opts) => request('GET', path, undefined, opts);
export const post = (path, body, opts) => request('POST', path, body, opts);
export const patch = (path, body, opts) => request('PATCH', path, body, opts);
export const del = (path, opts) => request('DELETE', path, undefined, opts);

// A paged answer {items,...} or a bare array, as a plain array.
export const itemsOf = (data) => (Array.isArray(data) ? data : data?.items ?? []);

// An idempotency key per user action, so a double click cannot place two orders.
export const newKey = () =>
  (crypto.randomUUID ? crypto.randomUUID() : `${Date.now()}-${Math.random().toString(16).slice(2)}`);
