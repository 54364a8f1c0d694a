// Shared by the widgets. Strings come translated from the server (#js-strings).
let S = {};
try { S = JSON.parse(document.getElementById("js-strings").textContent); } catch { /* keys show */ }
export const t = (k, p = {}) => (S[k] || k).replace(/\{(\w+)\}/g, (m, n) => (n in p ? p[n] : m));

export function el(tag, attrs = {}, ...kids) {
  const n = tag.startsWith("svg:") ? document.createElementNS("http://www.w3.org/2000/svg", tag.slice(4)) : document.createElement(tag);
  for (const k in attrs) n.setAttribute(k, attrs[k]);
  n.append(...kids);
  return n;
}

export const clamp = (v) => Math.min(100, Math.max(0, v));

// A typed number as the server reads it ("33,5" too), or null.
export const num = (s) => ((s = s.trim().replace(",", ".")) && isFinite(s) ? +s : null);

// Set an input and fire "change" (the draft listens) but not "input" (the widgets follow typing).
export const put = (i, v) => { i.value = v; i.dispatchEvent(new Event("change", { bubbles: true })); };

// Press and drag on an SVG: move(point in its units, first, event) for each point (false on the
// first refuses the press), then end().
export function drag(svg, move, end) {
  let id = null;
  const at = (e) => new DOMPoint(e.clientX, e.clientY).matrixTransform(svg.getScreenCTM().inverse());
  svg.addEventListener("pointerdown", (e) => {
    if (e.button || move(at(e), true, e) === false) return;
    e.preventDefault();
    svg.setPointerCapture((id = e.pointerId));
  });
  svg.addEventListener("pointermove", (e) => e.pointerId === id && move(at(e), false, e));
  const stop = (e) => { if (e.pointerId === id) { id = null; end(); } };
  svg.addEventListener("pointerup", stop);
  svg.addEventListener("pointercancel", stop);
}

// What every widget has: a live region, a Clear button maker, and done(widget), which changes
// the page only once the widget is built (if building throws, the plain inputs stay as they
// are): the widget goes in, and the typed inputs with their no-JS hint fold into <details>.
export function shell(fs, summary) {
  const live = el("p", { class: "visually-hidden", "aria-live": "polite", id: `w-${fs.dataset.qid}-live` });
  let timer;
  return {
    live,
    say: (text) => { clearTimeout(timer); timer = setTimeout(() => { live.textContent = text; }, 300); },
    clear: (f) => { const b = el("button", { type: "button", class: "button secondary widget-clear" }, t("clear")); b.onclick = f; return b; },
    done: (widget) => {
      const fallback = fs.querySelector("[data-fallback]");
      const details = el("details", { class: "type-instead" }, el("summary", {}, t(summary)));
      details.open = fs.classList.contains("has-error");
      fallback.before(widget, details);
      details.append(...fs.querySelectorAll("[data-nojs-hint]"), fallback);
    },
  };
}

// "Not applicable" clears and disables the inputs and the widget; unticking enables them.
export function wireNa(fs, inputs, off) {
  const na = fs.querySelector("[data-na]");
  if (!na) return;
  const apply = () => { inputs.forEach((i) => { if (na.checked) put(i, ""); i.disabled = na.checked; }); off(na.checked); };
  na.addEventListener("change", apply);
  // Sent back with both a value and N/A: keep both, so the error beside them makes sense.
  if (na.checked && inputs.every((i) => !i.value)) apply();
}

// A version 4 UUID; crypto.randomUUID needs a secure context (not http://192.168...), so fall back.
export function uuid() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const b = crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
  const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
