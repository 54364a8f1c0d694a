/* Straeon service worker. Root scope. It caches GETs only and never touches a POST:
   the page owns the outbox (IndexedDB) and sends stories itself. */
const RELEASE = "__RELEASE__";
const ASSETS = `assets-${RELEASE}`;
const PAGES = "pages-v1"; // form pages survive releases: a cached form is better than none
const PRECACHE = __PRECACHE__;
const OFFLINE = "/offline";
const FORM = /^\/(cy|en)\/s\/[^/]+\/$/;

// The form pages open now were fetched before this worker existed: fetch and keep them too, so
// the very first visit is enough to open the form offline. Best effort: no signal, no copy.
async function cacheOpenForms() {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const paths = new Set(windows.map((c) => new URL(c.url)).filter((u) => u.origin === self.location.origin && FORM.test(u.pathname)).map((u) => u.pathname));
  const cache = await caches.open(PAGES);
  await Promise.all([...paths].map(async (path) => {
    try {
      const response = await fetch(path, { credentials: "same-origin" });
      if (response.ok) await cache.put(self.location.origin + path, response);
    } catch { /* offline: the next online visit caches it */ }
  }));
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches.open(ASSETS)
      // "no-cache": revalidated (a 304 when the page just fetched it), never a stale copy.
      .then((cache) => cache.addAll(PRECACHE.map((url) => new Request(url, { cache: "no-cache" }))))
      .then(cacheOpenForms)
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((keys) => Promise.all(
        keys.filter((k) => k.startsWith("assets-") && k !== ASSETS).map((k) => caches.delete(k))
      ))
      .then(() => self.clients.claim())
  );
});

async function networkFirst(request) {
  const url = new URL(request.url);
  const key = url.origin + url.pathname; // ?sent=1 and the like share one cached form
  const cache = await caches.open(PAGES);
  try {
    const response = await fetch(request);
    // Only the plain form: "?sent=1" carries a one-off "Story sent" notice.
    if (response.ok && FORM.test(url.pathname) && !url.search) await cache.put(key, response.clone());
    return response;
  } catch (err) {
    const cached = await cache.match(key);
    if (cached) return cached;
    return (await caches.match(OFFLINE)) || Response.error();
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { ignoreSearch: false });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok) (await caches.open(ASSETS)).put(request, response.clone());
  return response;
}

self.addEventListener("fetch", (event) => {
  const { request } = event;
  if (request.method !== "GET") return; // never intercept POSTs
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(networkFirst(request));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(cacheFirst(request));
  }
});
