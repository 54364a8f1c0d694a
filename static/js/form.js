// The story form's enhancements. Each part fails on its own: the plain form always works.
import { draft } from "./draft.js";
import { dyad } from "./dyad.js";
import { stones } from "./stones.js";
import { triad } from "./triad.js";
import "./util.js"; // fetched with the others, not one round trip after them

const form = document.getElementById("story-form");
const run = (fn, arg) => { try { fn(arg); } catch (e) { console.error(e); } };

if (form) {
  run(draft, form); // first, so the widgets start from the restored values
  const widgets = { triad, dyad, stones };
  for (const fs of form.querySelectorAll("[data-widget]")) run(widgets[fs.dataset.widget] || (() => {}), fs);
  const button = form.querySelector("[data-submit]");
  form.addEventListener("submit", (e) => {
    if (e.defaultPrevented) return;
    if (form.elements.completed_at) form.elements.completed_at.value = new Date().toISOString();
    if (button) button.disabled = true; // one story, not two, from a double tap
  });
  addEventListener("pageshow", () => { if (button) button.disabled = false; });
}
