/**
 * The token a mailed link carries in its fragment (#token=...): browsers never send the fragment
 * to a server, so it stays out of logs and Referer headers. It is read once and then removed
 * from the address bar and history.
 */
export function takeTokenFromLink(): string {
  const token = new URLSearchParams(window.location.hash.replace(/^#/, '')).get('token') ?? '';
  if (token) window.history.replaceState(null, '', window.location.pathname + window.location.search);
  return token;
}
