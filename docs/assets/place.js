/* The reader's place: a reload, a restored tab or Back (when the browser did not keep the page)
   shows the paragraph the reader was reading, where it was. Below 1220 px the blocks far from the
   viewport are not rendered and count as 8em each (edition.css), so the scroll offset the browser
   restores lands somewhere else; the place is kept instead as the block at the top of the screen
   and how far it had scrolled under the header, in the page's history entry. */
(() => {
  const doc = document;
  if (doc.documentElement.dataset.editionPlace) return;  // idempotent
  doc.documentElement.dataset.editionPlace = "on";
  const BLOCK = ":is(p, li, blockquote, figure, h1, h2, h3, h4, h5, h6, dt, dd)[id]";

  const line = () => {  // the top of the reading area: just below the header
    const header = doc.querySelector(".md-header");
    return header ? Math.max(0, header.getBoundingClientRect().bottom) : 0;
  };

  function current() {  // the block at the top of the reading area, and how far above it its top is
    const article = doc.querySelector("article");
    if (!article) return null;
    const box = article.getBoundingClientRect();
    for (let y = line() + 2; y < innerHeight; y += 12) {
      for (const x of [box.left + box.width / 2, box.left + 8]) {
        const block = doc.elementFromPoint(x, y)?.closest(BLOCK);
        if (block && article.contains(block)) return { id: block.id, offset: line() - block.getBoundingClientRect().top };
      }
    }
    return null;
  }

  let timer = 0;
  function keep() {
    clearTimeout(timer);
    const place = scrollY > 0 ? current() : null;
    history.replaceState({ ...history.state, editionPlace: place }, "");
  }

  let restoring = false;
  function restore(place) {
    const block = doc.getElementById(place.id);
    if (!block) return;
    restoring = true;
    let frames = 0, still = 0;
    const stop = () => { restoring = false; };
    ["wheel", "touchstart", "keydown", "mousedown"].forEach((type) => addEventListener(type, stop, { once: true, passive: true }));
    const step = () => {  // put the block back, again while the blocks around it render and take their heights
      if (!restoring) return;
      const off = block.getBoundingClientRect().top - (line() - place.offset);
      if (Math.abs(off) >= 1) scrollBy(0, off);
      still = Math.abs(off) < 1 ? still + 1 : 0;
      if (still < 10 && ++frames < 120) requestAnimationFrame(step); else stop();
    };
    step();
  }

  if ("scrollRestoration" in history) history.scrollRestoration = "manual";  // the place below, not an offset
  const place = history.state && history.state.editionPlace;
  if (place) restore(place);
  addEventListener("scroll", () => { if (!restoring) { clearTimeout(timer); timer = setTimeout(keep, 200); } }, { passive: true });
  addEventListener("pagehide", () => { if (!restoring) keep(); });
  // Within the page too: following a note or a citation keeps the place it leaves, Back returns to it.
  doc.addEventListener("click", (event) => { if (event.target.closest && event.target.closest("a[href^='#']")) keep(); }, true);
  addEventListener("popstate", (event) => { if (event.state && event.state.editionPlace) restore(event.state.editionPlace); });
})();
