/* Hover-cards for citations and note previews: progressive enhancement of plain links.
   Opens on hover, keyboard focus or tap; stays while hovered or focused; Escape closes it
   without moving focus (WCAG 2.2 SC 1.4.13). Listeners are delegated on document, so they
   keep working if Material's instant navigation (off here) swaps the page. No globals. */
(() => {
  const doc = document;
  if (doc.documentElement.dataset.editionCards) return;  // idempotent
  doc.documentElement.dataset.editionCards = "on";
  let open = null;  // {card, trigger}
  let timer = 0;
  const TRIGGERS = "a.cite, a.gloss[href], a.footnote-ref, a.ed-noteref, a.ed-mark";  // a term without its address: reading mode
  // A link inside a card is a plain link, followed by pointer, keyboard and touch: it opens no card
  // of its own, which would close the one holding it (and drop the focus it had).
  const triggerOf = (node) => {
    const trigger = node && node.closest ? node.closest(TRIGGERS) : null;
    return trigger && !trigger.closest(".cite-card") ? trigger : null;
  };

  function copy(into, from, strip) {  // a copy of another element's content, without its controls and ids
    into.replaceChildren(...[...from.childNodes].map((child) => child.cloneNode(true)));
    if (strip) into.querySelectorAll(strip).forEach((el) => el.remove());
    into.querySelectorAll("[id]").forEach((el) => el.removeAttribute("id"));
    return into;
  }

  function preview(id, className) {  // the one card the script fills for each note or listed work
    let card = doc.getElementById(id);
    if (!card) {
      card = doc.createElement("div");
      card.id = id;
      card.className = className;
      card.setAttribute("role", "dialog");
      card.hidden = true;
    }
    return card;
  }

  function para(className, ...children) {
    const p = doc.createElement("p");
    p.className = className;
    p.append(...children);
    return p;
  }

  function citeCard(trigger) {
    const built = doc.getElementById("card-" + trigger.hash.slice(1));  // a work the page cites but does not list (its key)
    if (built) return built;
    // A listed work's card is its item in the page's own reference list: the reference, then where it is cited.
    const item = doc.getElementById(trigger.getAttribute("aria-describedby"));
    if (!item) return null;
    const card = preview("cite-preview", "cite-card");
    card.setAttribute("aria-label", trigger.textContent);
    const places = item.querySelector(".ed-cited");
    const link = doc.createElement("a");
    link.href = trigger.href;
    link.textContent = "In the bibliography";
    card.replaceChildren(copy(para("card-ref"), item, ".ed-mark, .ed-ref, .ed-cited, .cite-card"), para("card-links", link));
    if (places) card.append(copy(para("card-cited"), places));
    return card;
  }

  let terms = null;  // the glossary's terms.json, fetched the first time a term is used
  let wanted = null;  // the term waiting for it
  function glossCard(trigger) {  // a term: its definition, with the term and a link to the glossary
    if (!terms) {
      if (!wanted) {
        fetch(new URL("terms.json", trigger.href)).then((r) => (r.ok ? r.json() : {})).catch(() => ({})).then((all) => {
          terms = all;
          const term = wanted;  // shown if the reader is still on it (hovered, focused or just tapped)
          if (term && (term.matches(":hover") || term === doc.activeElement)) {
            show(term);
            if (open) open.tapped = false;  // a tap's click has already been handled
          }
        });
      }
      wanted = trigger;
      return null;
    }
    const entry = terms[trigger.hash.slice(1)];
    if (!entry) return null;
    const card = preview("gloss-preview", "cite-card");
    const link = doc.createElement("a");
    link.href = trigger.href;
    link.textContent = "In the glossary";
    const definition = para("card-ref");
    definition.textContent = entry[1];  // data is inserted as text, never as HTML
    card.setAttribute("aria-label", entry[0]);
    trigger.setAttribute("aria-description", definition.textContent);  // read with the term, from now on
    card.replaceChildren(para("card-title", entry[0]), definition, para("card-links", link));
    return card;
  }

  function markCard(trigger) {  // an emendation mark: its record's id, what was done here, and a link to the record
    const card = preview("mark-preview", "cite-card");
    const title = "Emendation " + trigger.hash.slice(1);
    const link = doc.createElement("a");
    link.href = trigger.href;
    link.textContent = "In the list of emendations";
    card.setAttribute("aria-label", title);
    const kind = trigger.getAttribute("aria-label").split(": ")[1];  // "Emendation: paragraph rejoined …"
    card.replaceChildren(para("card-title", title), para("card-ref", kind[0].toUpperCase() + kind.slice(1) + "."), para("card-links", link));
    return card;
  }

  function cardFor(trigger) {
    if (trigger.classList.contains("gloss")) return glossCard(trigger);
    if (trigger.classList.contains("ed-mark")) return markCard(trigger);
    if (trigger.classList.contains("cite")) {
      const card = citeCard(trigger);
      if (card) {
        const where = card.querySelector(".card-locator") || card.insertBefore(para("card-locator"), card.querySelector(".card-links"));
        const part = trigger.querySelector("span");  // the locator: the link's last words, e.g. "pp. 22–23"
        const locator = part ? part.textContent : "";
        where.textContent = locator ? "Cited here at " + locator + "." : "";
        where.hidden = !locator;
      }
      return card;
    }
    const note = doc.getElementById(trigger.hash.slice(1));
    if (!note) return null;
    const card = preview("note-preview", "cite-card note-card");
    card.setAttribute("aria-label", (trigger.classList.contains("ed-noteref") ? "" : "Note ") + trigger.textContent);
    copy(card, note, ".footnote-backref, .ed-backref, .ed-pnum");  // without the note's own controls
    return card;
  }

  function place(card, trigger) {
    const anchor = trigger.closest("sup") || trigger.closest(".citation") || trigger;
    anchor.after(card);  // right after its trigger, so Tab moves into the card
    card.hidden = false;
    const box = trigger.getBoundingClientRect();
    const parent = (card.offsetParent || doc.body).getBoundingClientRect();
    const width = card.offsetWidth;
    const margin = 8;
    // Within the text's column (never over the table of contents), and within the viewport.
    const right = Math.min(doc.documentElement.clientWidth, parent.right);
    const left = Math.max(margin, Math.min(box.left, right - width - margin));
    const below = box.bottom + card.offsetHeight + margin < innerHeight || box.top < card.offsetHeight + margin;
    const top = below ? box.bottom + 4 : box.top - card.offsetHeight - 4;
    card.style.left = left - parent.left + "px";
    card.style.top = top - parent.top + "px";
  }

  function show(trigger) {
    clearTimeout(timer);
    if (open && open.trigger === trigger) return;
    hide();
    const card = cardFor(trigger);
    if (!card) return;
    place(card, trigger);
    trigger.setAttribute("aria-expanded", "true");
    trigger.setAttribute("aria-controls", card.id);
    open = { card, trigger, tapped: pressed === trigger };
  }

  function hide() {
    clearTimeout(timer);
    if (!open) return;
    open.card.hidden = true;
    open.trigger.setAttribute("aria-expanded", "false");
    open = null;
  }

  const inside = (node) => open && (open.card.contains(node) || open.trigger.contains(node));
  const later = () => { clearTimeout(timer); timer = setTimeout(hide, 300); };

  doc.addEventListener("pointerover", (event) => {
    if (event.pointerType !== "mouse") return;
    const trigger = triggerOf(event.target);
    if (trigger) show(trigger);
    else if (inside(event.target)) clearTimeout(timer);
  });
  doc.addEventListener("pointerout", (event) => {
    if (event.pointerType === "mouse" && open && inside(event.target) && !inside(event.relatedTarget)) later();
  });
  let returning = false;  // focus going back to a trigger whose card Escape closed: not to reopen it
  doc.addEventListener("focusin", (event) => {
    const trigger = triggerOf(event.target);
    if (trigger) {
      if (!returning) show(trigger);
    } else if (open && !inside(event.target)) {
      hide();
    }
  });
  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && open) {
      const trigger = open.trigger;
      const focusWasInCard = open.card.contains(doc.activeElement);
      hide();
      if (focusWasInCard) {  // never leave focus inside a hidden card
        returning = true;
        trigger.focus();
        returning = false;
      }
    }
  });
  let pointer = "mouse";  // what the last press was made with: a tap first shows the card
  let pressed = null;  // the trigger under the current tap (its focus may open the card before the click)
  doc.addEventListener("pointerdown", (event) => {
    pointer = event.pointerType;
    pressed = pointer === "mouse" ? null : triggerOf(event.target);
  });
  doc.addEventListener("click", (event) => {
    const trigger = triggerOf(event.target);
    if (trigger && pointer !== "mouse" && (!open || open.trigger !== trigger || open.tapped)) {
      event.preventDefault();  // the first tap shows the card; a second tap follows the link
      show(trigger);
      if (open) open.tapped = false;
    } else if (open && !inside(event.target)) {
      hide();
    }
  });
})();
