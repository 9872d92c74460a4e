/* The light/dark toggle: Material's palette form and storage (__palette), driven here so that a
   page load touches <body> only when the stored or preferred palette differs from the one the page
   was served with (see macros/theme/partials/palette.html for why). */
(() => {
  const doc = document;
  if (doc.documentElement.dataset.editionPalette) return;  // idempotent
  doc.documentElement.dataset.editionPalette = "on";
  const KEYS = ["media", "scheme", "primary", "accent"];
  const inputs = () => [...doc.querySelectorAll(".ed-palette input[name=__palette]")];

  function apply(index, switching) {
    const all = inputs();
    const input = all[index];
    if (!input) return;
    const color = Object.fromEntries(KEYS.map((key) => [key, input.getAttribute("data-md-color-" + key)]));
    const body = doc.body;
    if (KEYS.slice(1).some((key) => body.getAttribute("data-md-color-" + key) !== color[key])) {  // media is no colour
      if (switching) body.setAttribute("data-md-color-switching", "");  // Material's CSS: no transitions
      KEYS.forEach((key) => body.setAttribute("data-md-color-" + key, color[key]));
      if (switching) setTimeout(() => body.removeAttribute("data-md-color-switching"));
    }
    all.forEach((el, i) => {
      const label = el.nextElementSibling;
      if (label && label.tagName === "LABEL") label.hidden = i !== index;
    });
    input.checked = true;
    let scheme = doc.querySelector('meta[name="color-scheme"]');
    if (!scheme) {
      scheme = doc.head.appendChild(doc.createElement("meta"));
      scheme.name = "color-scheme";
    }
    scheme.content = color.scheme === "slate" ? "dark" : "light";
    window.__md_set("__palette", { index, color });
  }

  function current() {
    const all = inputs();
    const stored = window.__md_get("__palette");
    const index = stored ? stored.index : all.findIndex((el) => matchMedia(el.getAttribute("data-md-color-media")).matches);
    return Math.max(0, Math.min(index, all.length - 1));
  }

  doc.addEventListener("change", (event) => {
    const all = inputs();
    if (all.includes(event.target)) apply(all.indexOf(event.target), true);
  });
  doc.addEventListener("keydown", (event) => {  // Enter on the focused toggle switches, as in Material
    const all = inputs();
    if (event.key !== "Enter" || !all.includes(event.target)) return;
    event.preventDefault();
    const next = all[(current() + 1) % all.length];
    next.click();
    next.focus();
  });
  const init = () => apply(current(), false);
  if (typeof window.document$ !== "undefined") window.document$.subscribe(init);  // again after each instant navigation, if that is ever enabled
  else init();
})();
