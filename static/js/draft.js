// Draft autosave on this device only (localStorage; nothing is sent). One key per partner, not
// per language, so the same story (same client_id) survives the language link.
import { el, t } from "./util.js";

const SKIP = /^(csrf_token|framework_version|completed_at)$/;
const MAX_AGE = 14 * 864e5; // an abandoned draft on a shared phone should not live for ever

export function draft(form) {
  let store;
  try { store = localStorage; store.length; } catch { return; } // blocked: no drafts
  const key = "straeon-draft:" + form.dataset.partner;
  const fields = () => [...form.elements].filter((e) => e.name && !SKIP.test(e.name));
  let timer, off = false;

  function save() {
    clearTimeout(timer);
    if (off) return;
    const d = fields().filter((e) => e.value && !e.disabled && (e.checked || !/^(radio|checkbox)$/.test(e.type))).map((e) => [e.name, e.value]);
    try {
      if (d.some(([n]) => !/^(client_id|started_at)$/.test(n))) store.setItem(key, JSON.stringify({ t: Date.now(), d }));
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
    const again = el("button", { type: "button", class: "button secondary" }, t("draft_discard"));
    again.onclick = () => { off = true; store.removeItem(key); location.replace(location.pathname); };
    form.before(el("div", { class: "notice draft-notice", role: "status" }, el("p", {}, t("draft_restored")), again));
  }

  // Answers sent back by the server with an error are newer than any draft.
  if (document.querySelector(".error-summary") || fields().some((e) => /^(text|textarea)$/.test(e.type) && e.value)) save();
  else restore();
  const later = () => { clearTimeout(timer); timer = setTimeout(save, 500); };
  form.addEventListener("input", later);
  form.addEventListener("change", later);
  addEventListener("pagehide", save);
  document.addEventListener("visibilitychange", () => document.hidden && save());
  form.addEventListener("submit", (e) => { if (!e.defaultPrevented) { off = true; store.removeItem(key); } });
  addEventListener("pageshow", (e) => { if (e.persisted) off = false; });
}
