// Signing in. Locally (`hoso up`) an officer signs in with their token: the sign-in link
// carries it in the URL's fragment (#token=...), which browsers never send to a server; it is
// kept for this tab only (sessionStorage). On AWS officers sign in on the officers' user pool
// (authorization code with PKCE); the API's Cognito authorizer takes the ID token.
const KEY = 'hoso.session';
let config = null;

function session() {
  try { return JSON.parse(sessionStorage.getItem(KEY)) || null; } catch (e) { return null; }
}

export function authHeader() {
  const s = session();
  if (!s) return {};
  return { Authorization: s.kind === 'token' ? `Bearer ${s.value}` : s.value };
}

export async function settings() {
  if (!config) config = await fetch('config.json').then((r) => r.json()).catch(() => ({ auth: 'token' }));
  return config;
}

function here() { return `${location.origin}${location.pathname}`; }

function b64url(bytes) {
  return btoa(String.fromCharCode(...new Uint8Array(bytes))).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export async function signIn(token) {
  const c = await settings();
  if (c.auth === 'cognito' && !token) {
    const verifier = b64url(crypto.getRandomValues(new Uint8Array(32)));
    const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
    const state = b64url(crypto.getRandomValues(new Uint8Array(16)));
    sessionStorage.setItem(`${KEY}.pkce`, JSON.stringify({ verifier, state }));
    const q = new URLSearchParams({
      response_type: 'code', client_id: c.client_id, redirect_uri: here(), scope: 'openid email',
      code_challenge_method: 'S256', code_challenge: challenge, state,
    });
    location.assign(`${c.domain}/oauth2/authorize?${q}`);
    return;
  }
  sessionStorage.setItem(KEY, JSON.stringify({ kind: 'token', value: token }));
  location.hash = '#/';
  location.reload();
}

export async function signOut() {
  sessionStorage.removeItem(KEY);
  const c = await settings();
  if (c.auth === 'cognito') {
    location.assign(`${c.domain}/logout?${new URLSearchParams({ client_id: c.client_id, logout_uri: here() })}`);
  } else {
    location.hash = '#/';
    location.reload();
  }
}

// A sign-in link opened in a tab that shows the console already: sign in again.
addEventListener('hashchange', () => {
  if (/^#token=/.test(location.hash)) handleRedirect().then(() => location.reload());
});

// Before the console starts: take a token from the sign-in link, or finish a user-pool
// sign-in (?code=...&state=...), then clean the address bar.
export async function handleRedirect() {
  const m = location.hash.match(/^#token=([^&]+)/);
  if (m) {
    sessionStorage.setItem(KEY, JSON.stringify({ kind: 'token', value: decodeURIComponent(m[1]) }));
    history.replaceState(null, '', `${location.pathname}#/`);
    return;
  }
  const q = new URLSearchParams(location.search);
  if (!q.get('code')) {
    const c = await settings();
    if (c.auth === 'cognito' && !session()) await signIn();
    return;
  }
  const pkce = JSON.parse(sessionStorage.getItem(`${KEY}.pkce`) || 'null');
  history.replaceState(null, '', `${location.pathname}#/`);
  if (!pkce || pkce.state !== q.get('state')) return;
  const c = await settings();
  const r = await fetch(`${c.domain}/oauth2/token`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code', client_id: c.client_id, code: q.get('code'),
      redirect_uri: here(), code_verifier: pkce.verifier,
    }),
  });
  sessionStorage.removeItem(`${KEY}.pkce`);
  if (r.ok) {
    const tokens = await r.json();
    sessionStorage.setItem(KEY, JSON.stringify({ kind: 'cognito', value: tokens.id_token }));
  }
}
