/* Tablée kiosk service worker: keeps the kiosk's shell (its pages in each language, styles,
 * icons, scripts and strings) so that a reload with no network still shows a working kiosk.
 * Writes never go through here: the page's outbox (outbox.js) sends them to the API.
 * TABLEE = {version, assets, pages, languages} is prepended by the server (kiosk/offline.py).
 */
"use strict";
const SHELL = `tablee-shell-${TABLEE.version}`;
const PAGES = "tablee-pages";  // kept across versions: a new worker must not start empty offline
const STATE = `${location.origin}/kiosk/__offline__/`;
const NETWORK_MS = 4000;  // a page slower than this on a bad wifi comes from the cache
const WARM_EVERY_MS = 30 * 60 * 1000;
const PAGE_PATHS = new Set(TABLEE.pages.map((page) => new URL(page, location.origin).pathname));
// Today's cooking shifts: each shift's sign-up form is kept once a volunteer has opened it.
const keepable = (path) => PAGE_PATHS.has(path) || /^\/kiosk\/cook\/\d+$/.test(path);
let warming = Promise.resolve();

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SHELL).then((cache) => cache.addAll(TABLEE.assets))
    .then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names
      .filter((name) => name.startsWith("tablee-shell-") && name !== SHELL)
      .map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== location.origin) return;
  if (request.mode === "navigate" && /^\/kiosk(\/|$)/.test(url.pathname)) {
    event.respondWith(page(event, url));
  } else if (url.pathname.startsWith("/static/kiosk/")) {
    event.respondWith(asset(request));
  } else if (url.pathname === "/kiosk/offline.json") {
    event.respondWith(strings(event));
  }
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type !== "warm" || !TABLEE.languages.includes(data.language)) return;
  // The page shown is in the language the diner sees: offline, the next pages keep it.
  warming = warming.then(() => remember("language", data.language))
    .then(() => warm(data.language, String(data.stamp), event.source));
  event.waitUntil(warming);
});

// ---- Small state kept in the cache (a worker may be stopped and started at any time).
async function remember(name, value) {
  const cache = await caches.open(PAGES);
  await cache.put(STATE + name, new Response(JSON.stringify(value)));
}
async function recall(name, fallback) {
  const found = await caches.match(STATE + name, { cacheName: PAGES, ignoreVary: true });
  return found ? found.json() : fallback;
}

// A page is kept per language: /kiosk/thanks?done=1 in Arabic is /kiosk/thanks?done=1&__lang=ar.
function pageKey(url, language) {
  const params = new URLSearchParams(url.search);
  params.delete("lang");
  params.sort();
  params.append("__lang", language);
  const path = url.pathname === "/kiosk" ? "/kiosk/" : url.pathname;
  return `${location.origin}${path}?${params}`;
}

function cacheable(url, response) {
  return response.ok && response.type === "basic" && !response.redirected
    && keepable(url.pathname === "/kiosk" ? "/kiosk/" : url.pathname)
    && /text\/html/.test(response.headers.get("Content-Type") || "");
}

// ---- Pages: the network first (always fresh when it answers), else the kept copy.
async function page(event, url) {
  const chosen = url.pathname === "/kiosk/start" && url.searchParams.get("lang");
  if (TABLEE.languages.includes(chosen)) await remember("language", chosen);
  const network = fetch(event.request).then(async (response) => {
    // On the pairing page the tablet belongs to no canteen (or its access was withdrawn): the
    // kept pages are not its own any more. (Its outbox stays, for the coordinator.)
    if (url.pathname === "/kiosk/pair" && response.ok) await caches.delete(PAGES);
    const language = response.headers.get("Content-Language");
    if (TABLEE.languages.includes(language)) {
      if (cacheable(url, response)) {
        const cache = await caches.open(PAGES);
        await cache.put(pageKey(url, language), response.clone());
      }
      // The party's language, for pages shown offline; coordinator pages speak the coordinator's.
      if (keepable(url.pathname === "/kiosk" ? "/kiosk/" : url.pathname)) {
        await remember("language", language);
      }
    }
    return response;
  });
  event.waitUntil(network.catch(() => null));
  const late = new Promise((resolve) => setTimeout(resolve, NETWORK_MS, null));
  const answer = await Promise.race([network, late]).catch(() => null);
  if (answer && answer.status < 500) return answer;
  const copy = await kept(url);  // no network, too slow, or a server in trouble
  if (copy.type !== "error") return copy;
  return answer || network.catch(() => copy);  // nothing kept: wait for the slow network
}

async function kept(url) {
  if (url.pathname === "/kiosk/start") return Response.redirect(`${location.origin}/kiosk/checkin`);
  const language = await recall("language", null);
  const cache = await caches.open(PAGES);
  const order = [language, ...TABLEE.languages.filter((code) => code !== language)];
  const welcome = new URL("/kiosk/", location.origin);
  const fallback = keepable(url.pathname) ? url : new URL("/kiosk/offline", location.origin);
  for (const candidate of [fallback, welcome]) {
    for (const code of order) {
      const found = code && await cache.match(pageKey(candidate, code), { ignoreVary: true });
      if (found) return found;
    }
  }
  return Response.error();
}

// ---- Static files: versioned, so the kept copy is the right one.
async function asset(request) {
  const found = await caches.match(request);
  if (found) return found;
  try {
    const response = await fetch(request);
    if (response.ok) {
      const copy = response.clone();
      caches.open(SHELL).then((cache) => cache.put(request, copy));
    }
    return response;
  } catch (error) {
    return (await caches.match(request, { ignoreSearch: true })) || Response.error();
  }
}

// ---- offline.json: the kept copy at once, refreshed in the background.
async function strings(event) {
  const cache = await caches.open(PAGES);
  const found = await cache.match(event.request, { ignoreVary: true });
  const network = fetch(event.request).then(async (response) => {
    if (response.ok && /json/.test(response.headers.get("Content-Type") || "")) {
      await cache.put(event.request, response.clone());
    }
    return response;
  });
  if (!found) return network;
  event.waitUntil(network.catch(() => null));
  return found;
}

// ---- Warming: every page a reload needs, in every language, while the network is here.
// The page asks on each load; the pages are fetched again when the day's service changed (its
// stamp), when this worker is new, or every half hour.
async function warm(current, stamp, client) {
  const done = await recall("warmed", {});
  const now = Date.now();
  const order = [current, ...TABLEE.languages.filter((code) => code !== current)];
  let complete = true;
  for (const language of order) {
    const last = done[language];
    if (last && last.stamp === `${TABLEE.version}|${stamp}` && now - last.at < WARM_EVERY_MS) {
      continue;
    }
    if (await warmLanguage(language)) {
      done[language] = { stamp: `${TABLEE.version}|${stamp}`, at: now };
      await remember("warmed", done);
    } else {
      complete = false;
    }
  }
  if (client && complete) client.postMessage({ type: "warmed" });
}

async function warmLanguage(language) {
  const cache = await caches.open(PAGES);
  for (const path of [...TABLEE.pages, "/kiosk/offline.json"]) {
    const url = new URL(path, location.origin);
    url.searchParams.set("lang", language);
    try {
      const response = await fetch(url, {
        credentials: "same-origin", cache: "no-store", redirect: "manual",
      });
      if (path.endsWith(".json")) {
        if (!response.ok) throw new Error(String(response.status));
        await cache.put(url.href, response);
      } else if (cacheable(url, response)) {
        await cache.put(pageKey(url, language), response);
      } else {
        return false;  // not paired yet, or the server in trouble: nothing to keep
      }
    } catch (error) {
      return false;  // offline: stop, try again on the next page
    }
  }
  return true;
}
