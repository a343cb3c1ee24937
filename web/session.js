// Who is signed in: the JWT the API issued, kept in localStorage, and the claims read from it
// (the server checks the signature; the page only needs the ids to build its requests).

const KEY = 'wolfix.token';
const ROLE_URI = 'http://schemas.microsoft.com/ws/2008/06/identity/claims/role';
const listeners = new Set();

function decode(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const json = decodeURIComponent(
      atob(part.padEnd(part.length + ((4 - (part.length % 4)) % 4), '='))
        .split('')
        .map((c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
        .join(''),
    );
    return JSON.parse(json);
  } catch {
    return null;
  }
}

export function token() {
  return localStorage.getItem(KEY);
}

// {accountId, email, role, profileId} of the signed-in user, or null.
export function user() {
  const t = token();
  if (!t) return null;
  const c = decode(t);
  if (!c) return null;
  if (c.exp && c.exp * 1000 < Date.now()) {
    localStorage.removeItem(KEY);
    return null;
  }
  return { accountId: c.sub, email: c.email, role: c.role || c[ROLE_URI], profileId: c.profile_id };
}

export function signIn(jwt) {
  localStorage.setItem(KEY, jwt);
  listeners.forEach((f) => f(user()));
}

export function signOut() {
  localStorage.removeItem(KEY);
  listeners.forEach((f) => f(null));
}

export function onChange(f) {
  listeners.add(f);
}

export const hasRole = (...roles) => roles.includes(user()?.role);
