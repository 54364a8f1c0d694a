// What the person sees of the outbox: a panel with what is waiting, what was sent and when,
// what could not be sent (readable, copyable, deleted only on an explicit confirm), and notes.
import { all, flush, onChange, persist, remove, retry, state } from "./outbox.js";
import { el, t } from "./util.js";

const lang = document.documentElement.lang;
// Welsh month names where the browser has them; else numbers, not English month names.
const welsh = lang !== "cy" || Intl.DateTimeFormat.supportedLocalesOf(["cy"]).length > 0;
const when = (ms) => new Intl.DateTimeFormat(lang === "cy" && welsh ? "cy-GB" : "en-GB", { day: "numeric", month: welsh ? "short" : "2-digit", hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(ms);
const button = (label, onclick, cls = "secondary") => Object.assign(el("button", { type: "button", class: `button ${cls}` }, label), { onclick });

// Why a story was parked, in the page's language where the server said.
function reason(r, form) {
  const generic = t(r?.status === 413 ? "park_large" : r?.status === 409 ? "park_conflict" : "park_invalid");
  const lines = (r?.errors || []).map((e) => {
    const m = e.message?.[lang] || e.message?.en;
    if (!m || typeof m !== "string") return null;
    const q = form.querySelector(`#question-${CSS.escape(e.question || "")} .question-label`);
    return q ? `${q.firstChild.textContent.trim()}: ${m}` : m;
  }).filter(Boolean);
  return lines.length ? lines : [generic];
}

// The story as the person would want to keep it: the title, then the text.
const words = (rec) => [rec.body?.answers?.title, rec.body?.answers?.story].filter((s) => typeof s === "string" && s.trim()).join("\n\n");

async function copy(text, said) {
  try { await navigator.clipboard.writeText(text); } catch {
    const area = el("textarea", { readonly: "", class: "visually-hidden" }); // no clipboard API on http://
    area.value = text; document.body.append(area); area.select(); document.execCommand("copy"); area.remove();
  }
  said(t("copied"));
}

export function panel(form, { recorder }) {
  const status = el("p", { class: "outbox-state" });
  const count = el("p", { class: "outbox-count" });
  const send = button(t("send_now"), () => flush(true), "primary outbox-send");
  const list = el("ol", { class: "outbox-list" });
  const sentList = el("ol", { class: "outbox-list" });
  const sentSummary = el("summary", {});
  const sent = el("details", { class: "outbox-sent" }, sentSummary, sentList);
  const keep = el("p", { class: "outbox-note persist" });
  const said = el("p", { class: "visually-hidden", "aria-live": "polite" });
  const box = el("section", { class: "outbox" + (recorder ? " prominent" : ""), id: "outbox", "aria-labelledby": "outbox-title", hidden: "" },
    el("h2", { id: "outbox-title" }, t("outbox_title")),
    el("div", { class: "outbox-live", role: "status" }, status, count),
    send, list, sent,
    el("p", { class: "outbox-note" }, t("clearing_deletes")), keep, said);
  // Recorder mode: straight under the heading, always there. Otherwise just above the form.
  const on = recorder && document.querySelector(".recorder-on");
  if (on) on.after(box); else form.before(box);
  let thanks = null, shown = "";

  async function render() {
    const recs = await all().catch(() => []);
    const waiting = recs.filter((r) => r.state === "waiting"), parked = recs.filter((r) => r.state === "parked");
    const done = recs.filter((r) => r.state === "sent").sort((a, b) => b.sentAt - a.sentAt);
    box.hidden = !recorder && !recs.length;
    const line = waiting.length
      ? !navigator.onLine ? t("state_offline")
        : state.sending ? t("state_sending")
        : state.failed && state.next ? t("state_retry", { time: when(state.next) }) : t("state_waiting")
      : parked.length ? t("state_parked") : done.length ? t("state_done") : t("state_empty");
    // The live region is only rewritten when its words change, so it is not read out twice.
    const counted = t("waiting_count", { count: waiting.length });
    if (line + counted !== shown) { shown = line + counted; status.textContent = line; count.textContent = counted; }
    box.dataset.state = waiting.length ? (navigator.onLine ? (state.sending ? "sending" : "waiting") : "offline") : parked.length ? "parked" : "sent";
    send.hidden = !waiting.length;
    send.disabled = !!state.sending;
    list.hidden = !waiting.length && !parked.length;

    list.replaceChildren(...waiting.concat(parked).sort((a, b) => a.created - b.created).map((r) => {
      const parkedNow = r.state === "parked";
      const tag = parkedNow ? t("tag_parked") : r.id === state.sending ? t("tag_sending") : t("tag_waiting");
      const li = el("li", { class: `outbox-item ${parkedNow ? "parked" : r.id === state.sending ? "sending" : "waiting"}`, "data-id": r.id },
        el("p", { class: "outbox-line" }, el("span", { class: "tag" }, tag), " ", t("saved_at", { time: when(r.created) })));
      if (parkedNow) {
        const story = words(r);
        li.append(
          el("p", { class: "outbox-why" }, t("park_intro")),
          el("ul", { class: "outbox-reasons" }, ...reason(r.reason, form).map((m) => el("li", {}, m))),
          el("p", { class: "outbox-why" }, t("park_keep")),
          el("div", { class: "parked-text", tabindex: "0", role: "group", "aria-label": t("your_story") }, story),
          el("div", { class: "outbox-actions" },
            button(t("copy_story"), () => copy(story, (m) => { said.textContent = m; })),
            button(t("try_again"), () => retry(r.id).then(() => flush(true))),
            button(t("delete_story"), () => { if (confirm(t("confirm_delete"))) remove(r.id); }, "secondary danger")));
      }
      return li;
    }));
    sent.hidden = !done.length;
    sentSummary.textContent = t("sent_count", { count: done.length });
    sentList.replaceChildren(...done.map((r) => el("li", { class: "outbox-item sent", "data-id": r.id },
      el("p", { class: "outbox-line" }, t("sent_at", { time: when(r.sentAt) })))));
    if (thanks && recs.find((r) => r.id === thanks.dataset.id)?.state === "sent") thanks.querySelector("strong").textContent = t("thanks_sent");
  }

  function persisted(ok) {
    keep.hidden = ok === null;
    keep.textContent = ok ? t("persist_yes") : t("persist_no");
  }

  onChange(render);
  addEventListener("online", render);
  addEventListener("offline", render);
  persist(false).then(persisted);
  render();

  return {
    render,
    // After a story is saved: thanks at the top, focused, for the next person to start below.
    queued(rec) {
      document.querySelectorAll(".notice.success, .draft-notice, [data-save-failed]").forEach((n) => n.remove());
      thanks = el("div", { class: "notice success queued", role: "status", tabindex: "-1", "data-id": rec.id },
        el("p", {}, el("strong", {}, t("thanks_saved")), " ", t("thanks_next")));
      document.querySelector(".partner-name").before(thanks);
      thanks.focus();
      scrollTo(0, 0);
      render();
      persist(true).then(persisted);
    },
    // The phone could not save it: say so where the person is looking; nothing is cleared.
    failed(sendAnyway) {
      document.querySelectorAll("[data-save-failed]").forEach((n) => n.remove());
      const note = el("div", { class: "notice error", role: "alert", tabindex: "-1", "data-save-failed": "" },
        el("p", {}, el("strong", {}, t("save_failed")), " ", t("save_failed_kept")));
      if (navigator.onLine) note.append(button(t("send_without_saving"), sendAnyway));
      form.querySelector(".submit-row").before(note);
      note.focus();
    },
  };
}

// No IndexedDB (a private window, a locked-down browser): the form posts as a plain web page.
export function cannotKeep(form) {
  form.before(el("div", { class: "notice warn no-offline", role: "note" }, el("p", {}, el("strong", {}, t("no_offline")), " ", t("no_offline_more"))));
}
