// Stones: numbered markers on a square board, x across (low on the left), y up (low at the
// bottom). The list under the board is both tray and legend. Positions go into the inputs.
import { clamp, drag, el, num, put, shell, t } from "./util.js";

// Where a new stone goes: the middle, or near it if that is taken.
const SPOTS = [[50, 50], [62, 62], [38, 62], [62, 38], [38, 38], [50, 74], [50, 26], [74, 50], [26, 50]];

export function stones(fs) {
  const { qid, xLabel, xLow, xHigh, yLabel, yLow, yHigh } = fs.dataset;
  const { live, say, done } = shell(fs, "type_numbers");
  const svg = el("svg:svg", { viewBox: "0 0 100 100" });
  const tip = el("p", { class: "stones-tip" });
  const tray = el("ul", { class: "stone-tray" });
  let sel = null, start, moved;
  const text = (it) => t("stone_at", { label: it.label, x_axis: xLabel, x: it.x.value, y_axis: yLabel, y: it.y.value });
  const pick = (it) => {
    sel?.g.classList.remove("selected");
    if ((sel = it)) { it.g.classList.add("selected"); svg.append(it.g); } // drawn on top
    tip.textContent = it ? t("tap_to_move", { label: it.label }) : t("stones_tip");
  };

  // Show a stone at p = [x, y] (0..100) or take it off (null); write the inputs unless typed.
  function place(it, p, write = true) {
    const on = (it.pos = p && p.map((v) => Math.round(clamp(v))));
    it.g.style.display = on ? "" : "none";
    it.rm.hidden = !on;
    it.chip.classList.toggle("placed", !!on);
    it.state.textContent = on ? "" : ` (${t("not_placed")})`;
    if (write) { put(it.x, on ? on[0] : ""); put(it.y, on ? on[1] : ""); }
    if (on) { it.g.setAttribute("transform", `translate(${on[0]} ${100 - on[1]})`); it.g.setAttribute("aria-label", text(it)); }
  }

  const items = [...fs.querySelectorAll(".stone-item")].map((box, i) => {
    const n = i + 1, label = box.dataset.label;
    const [x, y] = ["x", "y"].map((a) => box.querySelector(`[data-axis=${a}]`));
    const it = {
      label, x, y, state: el("span", { class: "visually-hidden" }),
      g: el("svg:g", { class: "stone", tabindex: 0, "aria-roledescription": t("stone"), "aria-describedby": `w-${qid}-keys` },
        el("svg:circle", { class: "hit", r: 9 }), el("svg:circle", { class: "mark", r: 5.5 }), el("svg:text", { dy: 2.1 }, n)),
      rm: el("button", { type: "button", class: "button secondary stone-remove", "aria-label": t("remove_item", { label }) }, t("remove")),
    };
    it.chip = el("button", { type: "button", class: "stone-chip" }, el("span", { class: "badge", "aria-hidden": "true" }, n), label, it.state);
    tray.append(el("li", {}, it.chip, it.rm));
    svg.append(it.g);
    it.chip.onclick = () => {
      if (!it.pos) place(it, SPOTS.find((s) => items.every((o) => !o.pos || Math.hypot(o.pos[0] - s[0], o.pos[1] - s[1]) > 6)) || [50, 50]);
      pick(it);
      svg.scrollIntoView({ block: "nearest" }); // the whole board, ready for a tap
      it.g.focus({ preventScroll: true });
      say(text(it));
    };
    it.rm.onclick = () => { place(it, null); if (sel === it) pick(null); it.chip.focus(); say(t("removed", { label })); };
    it.g.onkeydown = (e) => {
      const s = e.shiftKey ? 10 : 2;
      const d = { ArrowLeft: [-s, 0], ArrowRight: [s, 0], ArrowUp: [0, s], ArrowDown: [0, -s] }[e.key];
      if (d) { place(it, [it.pos[0] + d[0], it.pos[1] + d[1]]); say(text(it)); }
      else if (/^(Delete|Backspace)$/.test(e.key)) it.rm.click();
      else return;
      e.preventDefault();
    };
    x.oninput = y.oninput = () => {
      const a = num(x.value), b = num(y.value);
      if (a !== null && b !== null) place(it, [a, b], false);
      else if (!x.value.trim() && !y.value.trim()) place(it, null, false);
    };
    x.oninput();
    return it;
  });

  // Press a stone to drag it; with one chosen, a tap on the board moves it there.
  drag(svg, (p, first, e) => {
    const to = [p.x, 100 - p.y];
    if (first) {
      const g = e.target.closest(".stone");
      if (g) pick(items.find((it) => it.g === g));
      if (!sel) { tip.textContent = t("pick_first"); return false; }
      sel.g.focus({ preventScroll: true });
      start = to;
      moved = !g;
    } else moved ||= Math.hypot(to[0] - start[0], to[1] - start[1]) > 2;
    if (moved) place(sel, to);
  }, () => { if (sel) say(text(sel)); if (moved) pick(null); });

  pick(null);
  done(el("div", { class: "stones-widget" },
    el("p", { class: "axis-name axis-y" }, yLabel),
    el("div", { class: "board" }, el("span", { class: "end end-top" }, yHigh), el("span", { class: "end end-bottom" }, yLow), svg),
    el("div", { class: "x-ends" }, el("span", {}, xLow), el("span", {}, xHigh)),
    el("p", { class: "axis-name axis-x" }, xLabel), tip, tray,
    el("p", { class: "visually-hidden", id: `w-${qid}-keys` }, t("keys_stone")), live));
}
