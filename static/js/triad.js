// Triad: a dot in a triangle; its barycentric coordinates, as whole per cents adding up to 100,
// go into the three inputs. Corner 0 is the top, 1 bottom left, 2 bottom right.
import { clamp, drag, el, num, put, shell, t, wireNa } from "./util.js";

const H = 86.6; // the height of a triangle of side 100
const C = [[50, 0], [0, H], [100, H]];
const at = (w) => [0, 1].map((k) => w[0] * C[0][k] + w[1] * C[1][k] + w[2] * C[2][k]);

// The corner weights of a point, pulled into the triangle if it is outside.
function weights([x, y]) {
  const a = 1 - y / H, c = (x - 50 * a) / 100;
  const w = [a, 1 - a - c, c].map((v) => Math.max(0, v)), s = w[0] + w[1] + w[2];
  return w.map((v) => v / s);
}

// Whole per cents adding up to 100: largest remainders first, ties to the earlier corner.
function percents(w) {
  const exact = w.map((v) => v * 100), out = exact.map(Math.floor);
  [0, 1, 2].sort((i, j) => exact[j] - out[j] - exact[i] + out[i] || i - j)
    .slice(0, 100 - out[0] - out[1] - out[2]).forEach((i) => out[i]++);
  return out;
}

export function triad(fs) {
  const qid = fs.dataset.qid;
  const inputs = [...fs.querySelectorAll("[data-corner]")].sort((a, b) => a.dataset.corner - b.dataset.corner);
  const labels = inputs.map((i) => i.dataset.label);
  const { live, say, clear, done } = shell(fs, "type_numbers");
  const dot = el("svg:circle", { class: "dot", r: 4.5 });
  const svg = el("svg:svg", { viewBox: "-6 -6 112 98.6", "aria-hidden": "true" }, el("svg:polygon", { points: C.join(" ") }), dot);
  const pad = el("div", {
    class: "triad-pad", tabindex: 0, role: "group", "aria-roledescription": t("triangle"),
    "aria-label": fs.querySelector("legend").textContent.trim(), "aria-describedby": `w-${qid}-keys ${live.id}`,
  }, svg);
  const button = clear(() => { set(null); say(t("not_placed")); pad.focus(); });
  let pos = null, off = false;
  const status = () => (pos ? percents(weights(pos)).map((value, i) => t("percent", { label: labels[i], value })).join(", ") : t("not_placed"));

  // Show the dot at p, or none; write the inputs unless the numbers came from them.
  function set(p, write = true) {
    pos = p && at(weights(p));
    dot.setAttribute("visibility", pos ? "visible" : "hidden");
    if (pos) { dot.setAttribute("cx", pos[0]); dot.setAttribute("cy", pos[1]); }
    button.hidden = !pos;
    const p100 = pos && percents(weights(pos));
    if (write) inputs.forEach((input, i) => put(input, pos ? p100[i] : ""));
  }
  const typed = () => {
    const v = inputs.map((i) => clamp(num(i.value) ?? 0)), s = v[0] + v[1] + v[2];
    set(s > 0 ? at(v.map((x) => x / s)) : null, false);
  };

  drag(svg, (p, first) => {
    if (off) return false;
    if (first) pad.focus({ preventScroll: true });
    set([p.x, p.y]);
  }, () => say(status()));
  pad.addEventListener("keydown", (e) => {
    const s = e.shiftKey ? 10 : 2, k = e.key;
    const d = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, -s], ArrowDown: [0, s] }[k];
    if (off || !(d || /^(Enter| |Delete|Backspace)$/.test(k))) return;
    e.preventDefault(); // the first key puts the dot in the middle
    set(/^(Del|Back)/.test(k) ? null : !pos ? at([1 / 3, 1 / 3, 1 / 3]) : d ? [pos[0] + d[0], pos[1] + d[1]] : pos);
    say(status());
  });
  inputs.forEach((i) => i.addEventListener("input", () => { typed(); say(status()); }));
  wireNa(fs, inputs, (d) => {
    off = d;
    if (d) set(null, false);
    pad.classList.toggle("is-off", d);
    pad.setAttribute("aria-disabled", d);
    pad.tabIndex = d ? -1 : 0;
  });

  typed();
  live.textContent = status(); // read with the triangle when focused; not announced on load
  const corner = (i) => el("p", { class: `corner corner-${i}` }, labels[i]);
  done(el("div", { class: "triad-widget" }, corner(0), pad, el("div", { class: "corners-bottom" }, corner(1), corner(2)),
    el("p", { class: "visually-hidden", id: `w-${qid}-keys` }, t("keys_dot")), button, live));
}
