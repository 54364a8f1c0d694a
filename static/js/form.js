// The story form's enhancements. Each part fails on its own: the plain form always works.
// With IndexedDB, Send saves the story on this phone first (the outbox), then sends it as JSON;
// without it, Send is the plain HTML post.
import { draft } from "./draft.js";
import { dyad } from "./dyad.js";
import { enqueue, flush, start } from "./outbox.js";
import { cannotKeep, panel } from "./outbox-ui.js";
import { stones } from "./stones.js";
import { open } from "./store.js";
import { body, checkRequired, fresh, reset } from "./story.js";
import { triad } from "./triad.js";
import { uuid } from "./util.js";

const form = document.getElementById("story-form");
const run = (fn, ...args) => { try { return fn(...args); } catch (e) { console.error(e); } };

// Opens the form offline next time. A refusal (private window, old browser) changes nothing else.
navigator.serviceWorker?.register("/sw.js", { scope: "/" }).catch(() => {});

if (form) {
  const saved = run(draft, form) || { restored: false, clear() {}, stop() {} }; // first, so the widgets start from it
  // A cached page repeats the server's client_id: each new form gets its own (a draft keeps its).
  if (!saved.restored && !document.querySelector(".error-summary")) run(fresh, form);
  const widgets = { triad, dyad, stones };
  for (const fs of form.querySelectorAll("[data-widget]")) run(widgets[fs.dataset.widget] || (() => {}), fs);

  const button = form.querySelector("[data-submit]");
  const recorder = !!document.querySelector(".recorder-on");
  let outbox = null, ui = null, busy = false; // outbox: null until known, false without IndexedDB
  open().then(() => { outbox = true; ui = run(panel, form, { recorder }); run(start); },
    () => { outbox = false; run(cannotKeep, form); });

  const post = () => { saved.stop(); if (button) button.disabled = true; }; // one story, not two, from a double tap
  const postNow = () => { busy = "leaving"; post(); HTMLFormElement.prototype.submit.call(form); };
  form.addEventListener("submit", async (e) => {
    if (e.defaultPrevented) return;
    if (form.elements.completed_at) form.elements.completed_at.value = new Date().toISOString();
    if (outbox === false) return post();
    e.preventDefault();
    if (busy || !checkRequired(form)) return;
    busy = true;
    if (button) button.disabled = true;
    try {
      const rec = await enqueue(body(form), uuid); // on the phone first...
      saved.clear();
      reset(form);
      saved.clear(); // (the reset's own change events)
      ui?.queued(rec);
      flush(); // ...then to the server
    } catch {
      // Nothing is cleared. No IndexedDB after all: the plain post. A full phone: say so.
      if (await open().then(() => false, () => true)) postNow();
      else ui?.failed(postNow);
    } finally {
      if (busy !== "leaving") { busy = false; if (button) button.disabled = false; }
    }
  });
  addEventListener("pageshow", () => { if (button) button.disabled = false; });
}
