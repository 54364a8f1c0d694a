// The outbox: stories saved on this phone until the server has them. The page owns it (the
// service worker never touches a POST). A story leaves the waiting list only after a 2xx that
// names it; network errors, 408, 423, 429 and 5xx (anything else, too) retry on a capped,
// jittered back-off; 400, 409, 413, 415 and 422 park it, with the reason, until the person acts.
// One sender across tabs (Web Locks, else a localStorage lease); the server's idempotency on
// client_id is what makes a duplicate harmless if both ever send.
import * as db from "./store.js";

const API = "/api/v1/stories";
const PARK = [400, 409, 413, 415, 422];
const FIRST = 5e3, CAP = 3e5, KEEP_SENT = 20, TIMEOUT = 6e4;
const chan = self.BroadcastChannel ? new BroadcastChannel("straeon-outbox") : null;

// What the panel shows besides the stored records: which one is on its way, when the next try is.
export const state = { sending: null, next: 0, failed: false };
const listeners = [];
export const onChange = (f) => listeners.push(f);
const emit = () => listeners.forEach((f) => f());
function changed(msg = {}) { emit(); chan?.postMessage(msg); }
if (chan) chan.onmessage = (e) => { if ("sending" in e.data) state.sending = e.data.sending; emit(); };

// A short fingerprint of what was said: the same story saved twice is one story.
export function sig(b) {
  let h = 2166136261;
  for (const c of JSON.stringify([b.partner, b.language, b.answers])) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return (h >>> 0).toString(36);
}

// Saves the story (rejects, with nothing changed, if the phone cannot: a full disk). The same
// story again (a double tap, two tabs with one draft) is not saved twice; a different story
// that arrives with an id already used gets a new id.
export async function enqueue(body, newId) {
  const s = sig(body), old = await db.get(body.client_id);
  if (old?.sig === s) return old;
  if (old) body.client_id = newId();
  const rec = { id: body.client_id, created: Date.now(), state: "waiting", tries: 0, sig: s, body };
  await db.put(rec);
  changed();
  return rec;
}

export const all = db.all;
export async function retry(id) {
  const rec = await db.get(id);
  if (rec?.state === "parked") { await db.put({ ...rec, state: "waiting", reason: null }); changed(); }
}
export async function remove(id) { await db.del(id); changed(); } // parked ones only, after a confirm

function waitFor(header) {
  const s = Number(header);
  const ms = Number.isFinite(s) ? s * 1e3 : Date.parse(header) - Date.now();
  return Math.min(36e5, Math.max(0, ms || 0));
}

// One attempt: { ok } | { park: reason } | { retry: ms the server asked us to wait }.
async function post(rec) {
  let res, json = null;
  try {
    res = await fetch(API, {
      method: "POST", body: JSON.stringify(rec.body), credentials: "same-origin", cache: "no-store",
      headers: { "Content-Type": "application/json", Accept: "application/json" },
      redirect: "error", // a captive portal's redirect is not the server
      signal: AbortSignal.timeout?.(TIMEOUT),
    });
    json = await res.json().catch(() => null); // a reply cut short: null, so retried below
  } catch { return { retry: 0 }; }
  const s = res.status;
  if (s >= 200 && s < 300) return json?.client_id === rec.id ? { ok: json } : { retry: 0 };
  if (PARK.includes(s)) return { park: { status: s, errors: Array.isArray(json?.errors) ? json.errors : [] } };
  return { retry: s === 429 || s === 503 ? waitFor(res.headers.get("Retry-After")) : 0 };
}

let fails = 0, timer = 0, notBefore = 0, queued = false;

function later(ms) {
  clearTimeout(timer);
  state.next = Date.now() + ms;
  timer = setTimeout(() => flush(), ms);
  emit();
}

function backoff() {
  const base = Math.min(CAP, FIRST * 2 ** Math.max(0, fails - 1));
  return base / 2 + (Math.random() * base) / 2;
}

async function delivered(rec) {
  await db.put({ id: rec.id, created: rec.created, state: "sent", sentAt: Date.now(), sig: rec.sig }); // the text goes
  const sent = (await db.all()).filter((r) => r.state === "sent").sort((a, b) => b.sentAt - a.sentAt);
  for (const r of sent.slice(KEEP_SENT)) await db.del(r.id);
}

// Oldest first. A parked story does not hold up the others; a failed one stops the round, so
// the order is kept.
async function drain(renew) {
  for (;;) {
    const rec = (await db.all()).find((r) => r.state === "waiting");
    if (!rec) { fails = 0; state.failed = false; state.next = 0; return emit(); }
    if (!navigator.onLine) return emit(); // "online" starts the next round
    renew();
    state.sending = rec.id; changed({ sending: rec.id });
    const r = await post(rec);
    state.sending = null;
    const now = await db.get(rec.id);
    if (r.ok) {
      fails = 0; state.failed = false;
      if (now) await delivered(rec);
    } else if (r.park) {
      if (now) await db.put({ ...now, state: "parked", reason: r.park, parkedAt: Date.now() });
    } else {
      fails++; state.failed = true;
      if (now) await db.put({ ...now, tries: (now.tries || 0) + 1 }).catch(() => {});
      if (r.retry) notBefore = Date.now() + r.retry;
      changed({ sending: null });
      return later(Math.max(r.retry, backoff()));
    }
    changed({ sending: null });
  }
}

// The fallback lock: a lease in localStorage, renewed while sending, taken over when stale.
const ME = Math.random().toString(36).slice(2), LEASE = "straeon-outbox-sender";
function lease(fn) {
  let ls;
  try { ls = localStorage; ls.length; } catch { return fn(() => {}); } // no lock at all: idempotency
  const read = () => { try { return JSON.parse(ls.getItem(LEASE)) || {}; } catch { return {}; } };
  const mine = () => { try { ls.setItem(LEASE, JSON.stringify({ who: ME, until: Date.now() + 2 * TIMEOUT })); } catch { /* full */ } };
  const busy = () => { const l = read(); return l.who && l.who !== ME && l.until > Date.now(); };
  const wait = () => { queued = false; later(2e3 + Math.random() * 2e3); };
  if (busy()) return wait();
  mine();
  return new Promise((ok) => setTimeout(ok, 50 + Math.random() * 100)).then(async () => {
    if (read().who !== ME) return wait(); // two tabs wrote at once: the last one sends
    try { await fn(mine); } finally { if (read().who === ME) ls.removeItem(LEASE); }
  });
}

// Send what is waiting. Safe to call at any time and from any trigger: at most one round runs
// per tab, and one across tabs; a call during a round queues one more round after it.
export function flush(now = false) {
  const wait = notBefore - Date.now(); // the server's Retry-After is kept even for "Send now"
  if (wait > 0) return later(wait);
  if (now) fails = Math.min(fails, 1);
  if (queued) return;
  queued = true;
  clearTimeout(timer);
  state.next = 0;
  const round = async (renew) => {
    queued = false;
    try { await drain(renew); } catch { fails++; later(backoff()); } // storage trouble: later
  };
  return navigator.locks ? navigator.locks.request("straeon-outbox", () => round(() => {})) : lease(round);
}

export function start() {
  addEventListener("online", () => flush());
  addEventListener("offline", emit);
  document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && flush());
  flush();
}

// Ask the browser not to clear this site's storage on its own. null: it cannot say.
export async function persist(ask) {
  const s = navigator.storage;
  if (!s?.persisted) return null;
  try { return (await s.persisted()) || (ask && s.persist ? await s.persist() : false); } catch { return null; }
}
