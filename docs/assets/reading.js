/* Reading mode: the reader may hide the editor's layer (emendation marks, the editor's notes and
   marks, the links to the index and the glossary) and show it again; the choice is remembered, and
   the head's small inline script applies it before the page is painted. A name or a term then reads
   as plain text: its link loses its address, so it is no longer a link or a Tab stop. Without
   JavaScript the edition shows its whole layer (the default) and the switch is not shown (edition.css). */
(() => {
  const doc = document;
  const root = doc.documentElement;
  if (root.dataset.editionReadingMode) return;  // idempotent
  root.dataset.editionReadingMode = "on";
  const KEY = "edition.reading";
  const LINKS = "a.index-link, a.gloss";

  function remember(on) {
    try { localStorage.setItem(KEY, on ? "on" : "off"); } catch (error) { /* kept for this page only */ }
  }

  function apply(on) {
    if (on) root.dataset.reading = "on";
    else delete root.dataset.reading;
    doc.querySelectorAll(LINKS).forEach((a) => {
      if (on && a.hasAttribute("href")) {
        a.dataset.href = a.getAttribute("href");
        a.removeAttribute("href");
      } else if (!on && a.dataset.href) {
        a.setAttribute("href", a.dataset.href);
        delete a.dataset.href;
      }
    });
    doc.querySelectorAll("button.ed-reading").forEach((button) => button.setAttribute("aria-pressed", String(on)));
  }

  doc.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest("button.ed-reading");
    if (!button) return;
    const on = button.getAttribute("aria-pressed") !== "true";
    remember(on);
    apply(on);
  });
  const rebind = () => apply(root.dataset.reading === "on");
  if (typeof window.document$ !== "undefined") window.document$.subscribe(rebind);  // again after each instant navigation, if that is ever enabled
  else rebind();
})();
