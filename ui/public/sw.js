// Rampart's service worker: makes the application installable and its own files load fast.
// It caches only the application's static files (hashed scripts and styles, icons); it never
// stores an API answer, so no data is kept in the browser. Navigations always go to the network.
const CACHE = 'rampart-static-v1';

self.addEventListener('install', () => self.skipWaiting());

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys().then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  const cacheable = event.request.method === 'GET' && url.origin === self.location.origin
    && (url.pathname.startsWith('/assets/') || url.pathname.startsWith('/icons/') || url.pathname === '/favicon.svg');
  if (!cacheable) return; // API calls, GraphQL, pages: straight to the network, never cached
  event.respondWith(caches.open(CACHE).then(async (cache) => {
    const hit = await cache.match(event.request);
    if (hit) return hit;
    const response = await fetch(event.request);
    if (response.ok) await cache.put(event.request, response.clone());
    return response;
  }));
});
