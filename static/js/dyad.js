// Dyad: a native range with no name, copied into the existing input. It shows no thumb and the
// input stays empty until the person taps, drags or keys it.
import { clamp, el, num, put, shell, t, wireNa } from "./util.js";

export function dyad(fs) {
  const input = fs.querySelector("[data-fallback] input");
  const { left, right } = fs.dataset;
  const { clear, done } = shell(fs, "type_number");
  const range = el("input", { type: "range", class: "dyad-range", "aria-label": fs.querySelector("legend").textContent.trim() });
  const button = clear(() => { show(null); put(input, ""); range.focus(); });

  // v is 0..100 or null for none; screen readers hear aria-valuetext.
  function show(v) {
    range.classList.toggle("unset", v === null);
    range.value = v ?? 50;
    range.setAttribute("aria-valuetext", v === null ? t("not_placed")
      : v === 50 ? t("halfway", { value: v }) : t("towards", { value: v, pole: v < 50 ? left : right }));
    button.hidden = v === null;
  }
  const commit = () => { show(+range.value); put(input, range.value); };
  const typed = () => { const v = num(input.value); show(v === null ? null : Math.round(clamp(v))); };

  // Taps set the value here too: iOS only drags the (here invisible) thumb, and a tap on the
  // untouched middle changes nothing, so would record nothing. Same for Enter. On release, not
  // press, so a finger that scrolls the page (pointercancel) sets nothing.
  range.oninput = commit;
  range.onpointerup = (e) => {
    if (range.disabled) return;
    const r = range.getBoundingClientRect(); // the thumb's centre runs from 15px in to 15px in
    range.value = Math.round(clamp(((e.clientX - r.left - 15) / (r.width - 30)) * 100));
    commit();
  };
  range.onkeydown = (e) => { if (!input.value && /^(Enter| )$/.test(e.key)) { e.preventDefault(); commit(); } };
  input.addEventListener("input", typed);
  wireNa(fs, [input], (d) => { if (d) show(null); range.disabled = d; });
  typed();
  done(el("div", { class: "dyad-widget" }, range, button));
}
