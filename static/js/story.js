// The form as the API's JSON body (the shapes collect/forms.py answers_from_form() makes from
// the HTML post), the required questions left empty, and a fresh form for the next story.
import { el, t, uuid } from "./util.js";

const questions = (form) => form.querySelectorAll("[data-qid][data-type]");

export function body(form) {
  const fd = new FormData(form); // disabled inputs (N/A) are left out, as in the HTML post
  const v = (n) => String(fd.get(n) ?? "");
  const answers = {};
  for (const q of questions(form)) {
    const id = q.dataset.qid, text = q.querySelector("textarea");
    answers[id] = {
      triad: () => ({ values: [1, 2, 3].map((n) => v(`${id}-${n}`)), na: v(`${id}-na`) === "1" }),
      dyad: () => ({ value: v(id), na: v(`${id}-na`) === "1" }),
      stones: () => ({ items: Object.fromEntries([...q.querySelectorAll("[data-item]")].map((i) => [i.dataset.item, { x: v(`${id}-${i.dataset.item}-x`), y: v(`${id}-${i.dataset.item}-y`) }])) }),
      multiple: () => fd.getAll(id).map(String),
    }[q.dataset.type]?.() ?? (text ? text.value : v(id)); // the textarea's own value, as typed
  }
  const version = v("framework_version");
  return {
    client_id: v("client_id"), partner: form.dataset.partner, language: form.dataset.lang,
    framework_version: /^\d+$/.test(version) ? +version : version,
    started_at: v("started_at"), completed_at: v("completed_at"), answers,
  };
}

// Required questions (no "(optional)" mark) with nothing chosen or typed; the server checks the rest.
function gaps(form) {
  return [...questions(form)].filter((q) => !q.querySelector(".question-label .optional")
    && ![...q.querySelectorAll("[name]")].some((i) => (/^(radio|checkbox)$/.test(i.type) ? i.checked : i.value.trim())));
}

const TITLE = document.title;
export function clearErrors(form) {
  document.title = TITLE;
  document.querySelectorAll("[data-js-error]").forEach((n) => n.remove());
  form.querySelectorAll(".js-error").forEach((q) => q.classList.remove("js-error", "has-error"));
}

// Shown as the server would: a summary linking to each question, and the message by each one.
export function checkRequired(form) {
  clearErrors(form);
  const missing = gaps(form);
  if (!missing.length) return true;
  const items = missing.map((q) => {
    const msg = t(/^(prompt|single|multiple)$/.test(q.dataset.type) ? "choose_answer" : "answer_question");
    const first = q.querySelector("[id^='q-']");
    if (!q.classList.contains("has-error")) q.classList.add("has-error", "js-error");
    (q.querySelector(":scope > .hint") || q.querySelector(".question-label")).after(
      el("p", { class: "error-message", "data-js-error": "" }, el("span", { class: "visually-hidden" }, t("error") + " "), msg));
    return el("li", {}, el("a", { href: "#" + (first ? first.id : q.id) }, msg));
  });
  const summary = el("div", { class: "error-summary", role: "alert", tabindex: "-1", "data-js-error": "", "aria-labelledby": "js-error-title" },
    el("h2", { id: "js-error-title" }, t("problem")), el("ul", {}, ...items));
  form.before(summary);
  document.title = `${t("error")} ${TITLE}`;
  summary.focus();
  return false;
}

// A new story on the same page: the page's own defaults (so recorder mode's preselect), nothing
// typed, the widgets redrawn from their emptied inputs, and a new client_id.
export function fresh(form, keepId = false) {
  const f = form.elements;
  if (!keepId) {
    f.client_id.value = uuid();
    f.started_at.value = new Date().toISOString();
  }
  if (f.completed_at) f.completed_at.value = "";
}

export function reset(form) {
  form.reset();
  for (const i of form.querySelectorAll("[data-na]")) i.dispatchEvent(new Event("change", { bubbles: true }));
  for (const i of form.querySelectorAll("[data-fallback] input")) i.dispatchEvent(new Event("input", { bubbles: true }));
  fresh(form);
}
