/* The light/dark toggle (partials/palette.html): Material's form and stored "__palette", set up as the
   header is parsed instead of by Material's palette component, which restyled the whole page four
   times at every load (see the template). The page includes it minified, in its own <script> right
   after the form (pages/assets.py: add_inline_scripts). */
(() => {
  const form = document.currentScript.previousElementSibling, body = document.body, inputs = [...form.querySelectorAll("input")];
  const KEYS = ["media", "scheme", "primary", "accent"];
  const meta = (name) => document.head.querySelector(`meta[name="${name}"]`) ||
    document.head.appendChild(Object.assign(document.createElement("meta"), {name}));
  let current = 0;

  function colours(input) {
    const color = Object.fromEntries(KEYS.map((key) => [key, input.getAttribute("data-md-color-" + key)]));
    if (color.media === "(prefers-color-scheme)") {
      const system = matchMedia("(prefers-color-scheme: light)").matches ? "light" : "dark";
      const match = form.querySelector(`[data-md-color-media="(prefers-color-scheme: ${system})"]`) || input;
      KEYS.slice(1).forEach((key) => color[key] = match.getAttribute("data-md-color-" + key));
    }
    return color;
  }

  function apply(index, switching) {
    const color = colours(inputs[index]);
    current = index;
    if (KEYS.some((key) => body.getAttribute("data-md-color-" + key) !== color[key])) {
      // Material's CSS: no transitions while the colours switch
      if (switching) body.setAttribute("data-md-color-switching", "");
      KEYS.forEach((key) => body.setAttribute("data-md-color-" + key, color[key]));
      if (switching) requestAnimationFrame(() => body.removeAttribute("data-md-color-switching"));
    }
    inputs.forEach((input, i) => {
      if (input.nextElementSibling instanceof HTMLLabelElement) input.nextElementSibling.hidden = i !== index;
    });
    inputs[index].checked = true;
    // As Material: the browser's own colours (scrollbars, controls) and its toolbar follow the header.
    const header = getComputedStyle(form.closest("header") || body);
    if (meta("color-scheme").content !== header.colorScheme) meta("color-scheme").content = header.colorScheme;
    meta("theme-color").content = "#" + header.backgroundColor.match(/\d+/g).slice(0, 3)
      .map((c) => (+c).toString(16).padStart(2, "0")).join("");
    __md_set("__palette", {index, color});
  }

  let stored = null;
  try { stored = __md_get("__palette"); } catch (error) { /* no storage: the system's preference */ }
  const preferred = Number.isInteger(stored && stored.index) ? stored.index
    : inputs.findIndex((input) => matchMedia(input.getAttribute("data-md-color-media")).matches);
  apply(Math.max(0, Math.min(preferred, inputs.length - 1)), false);
  form.addEventListener("change", (event) => apply(inputs.indexOf(event.target), true));
  form.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    const next = inputs[(current + 1) % inputs.length];
    next.click();
    next.focus();
  });
})();
