// Draft autosave on this device only (localStorage; nothing is sent). One key per partner, not
// per language, so the same story (same client_id) survives the language link. A draft is
// never sent by itself: only the person's Send turns it into a story (form.js).
import { el, t } from "./util.js";

const SKIP = /^(csrf_token|framework_version|completed_at)$/;
const MAX_AGE = 14 * 864e5; // an abandoned draft on a shared phone should not live for ever

// Changed by the person, not just as the page came (recorder mode preselects an answer).
const touched = (e) => (/^(radio|checkbox)$/.test(e.type) ? e.checked !== e.defaultChecked
  : e.type === "select-one" ? e.value !== (([...e.options].find((o) => o.defaultSelected) || e.options[0])?.value ?? "")
  : e.type !== "hidden" && e.value !== e.defaultValue);

// Returns { restored, clear(), stop() }: clear() forgets the draft (the story is in the outbox;
// the next one will be saved again), stop() also stops saving (the page is leaving by HTML POST).
export function draft(form) {
  let store;
  const none = { restored: false, clear() {}, stop() {} };
  try { store = localStorage; store.length; } catch { return none; } // blocked: no drafts
  const key = "straeon-draft:" + form.dataset.partner;
  const fields = () => [...form.elements].filter((e) => e.name && !SKIP.test(e.name));
  let timer, off = false, restored = false, sentBack = !!document.querySelector(".error-summary");

  function save() {
    clearTimeout(timer);
    if (off) return;
    const all = fields(), d = all.filter((e) => e.value && !e.disabled && (e.checked || !/^(radio|checkbox)$/.test(e.type))).map((e) => [e.name, e.value]);
    try {
      if (sentBack || all.some(touched)) store.setItem(key, JSON.stringify({ t: Date.now(), d }));
      else store.removeItem(key);
    } catch { /* full: no draft */ }
  }

  function restore() {
    let saved;
    try { saved = JSON.parse(store.getItem(key)); } catch { /* unreadable: dropped below */ }
    if (!(Date.now() - saved?.t < MAX_AGE) || !Array.isArray(saved.d)) return store.removeItem(key);
    for (const e of fields()) {
      const v = saved.d.filter(([n]) => n === e.name).map(([, v]) => String(v));
      if (!v.length) continue;
      if (/^(radio|checkbox)$/.test(e.type)) e.checked = v.includes(e.value);
      else e.value = v[0];
    }
    restored = true;
    const again = el("button", { type: "button", class: "button secondary" }, t("draft_discard"));
    again.onclick = () => { off = true; store.removeItem(key); location.replace(location.pathname); };
    form.before(el("div", { class: "notice draft-notice", role: "status" }, el("p", {}, t("draft_restored")), again));
  }

  // Answers sent back by the server with an error are newer than any draft.
  if (sentBack || fields().some((e) => /^(text|textarea)$/.test(e.type) && e.value)) save();
  else restore();
  const later = () => { clearTimeout(timer); timer = setTimeout(save, 500); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", () => document.hidden && save());
  addEventListener("pageshow", (e) => { if (e.persisted) off = false; });
  const clear = () => { clearTimeout(timer); sentBack = false; try { store.removeItem(key); } catch { /* gone anyway */ } };
  return { restored, clear, stop: () => { off = true; clear(); } };
}
