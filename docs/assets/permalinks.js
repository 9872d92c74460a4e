/* Citing: a paragraph's or a note's number, and the chapter's Cite button, open a "Cite" panel: the
   reader picks a format (Chicago, APA, MLA, BibTeX, RIS; remembered) and copies the citation or the
   link with a button. Nothing is copied until then. Without JavaScript a number is a plain link to
   its paragraph. Arriving by permalink, or by a number's address (#para-42), highlights the block. */
(() => {
  const doc = document;
  if (doc.documentElement.dataset.editionPermalinks) return;  // idempotent
  doc.documentElement.dataset.editionPermalinks = "on";
  const FORMATS = { chicago: "Chicago", apa: "APA", mla: "MLA", bibtex: "BibTeX", ris: "RIS" };
  const CODE = new Set(["bibtex", "ris"]);  // shown as code; the others as text
  const LOCATOR = { chicago: "¶ ", apa: "para. ", mla: "par. ", bibtex: "¶ ", ris: "¶ " };
  const STORED = "edition.cite-format";
  let panel = null;
  let opener = null;
  let shown = null;  // {templates, fill, url, where}

  function stored(value) {
    try {
      if (value) localStorage.setItem(STORED, value);
      return localStorage.getItem(STORED);
    } catch (error) { return null; }  // storage refused: the choice lasts for the page
  }

  function canonical(hash) {
    const link = doc.querySelector('link[rel="canonical"]');
    return (link ? link.href : location.href).split("#")[0] + (hash ? "#" + hash : "");
  }

  function highlight() {
    doc.querySelectorAll(".is-target").forEach((el) => el.classList.remove("is-target"));
    const id = decodeURIComponent(location.hash.slice(1));
    let el = id && doc.getElementById(id);
    // A retired id (an alias) and a number's address (#para-42) land on their block.
    if (el && (el.classList.contains("ed-alias") || el.classList.contains("ed-pnum"))) el = el.parentElement.closest("[id]");
    if (el && (el.matches(":has(.ed-pnum)") || el.closest(".footnote"))) el.classList.add("is-target");  // a numbered block or a note
  }

  async function copy(text) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {  // no Clipboard API (insecure origin, old browser, denied): copy a selection
      const area = doc.createElement("textarea");
      area.value = text;
      area.className = "cite-scratch";
      panel.appendChild(area);
      area.select();
      let done = false;
      try { done = doc.execCommand("copy"); } catch (e) { done = false; }
      area.remove();
      return done;
    }
  }

  function urlNode(url) {  // a link's text that breaks only after a slash or before the fragment, never mid-word
    const node = doc.createElement("span");
    node.className = "cite-url";
    url.split(/(?<=\/)(?!\/)|(?=#)/).forEach((part, i) => {
      if (i) node.append(doc.createElement("wbr"));
      node.append(Object.assign(doc.createElement("span"), { textContent: part }));
    });
    return node;
  }

  function withUrls(into, text, url) {  // the citation as text, its address made breakable
    into.replaceChildren();
    text.split(url).forEach((piece, i) => {
      if (i) into.append(urlNode(url));
      into.append(piece);
    });
  }

  function button(text, label, action) {
    const b = doc.createElement("button");
    b.type = "button";
    b.textContent = text;
    if (label) b.setAttribute("aria-label", label);
    b.addEventListener("click", action);
    return b;
  }

  function say(text) { panel.querySelector(".cite-status").textContent = text; }

  function render() {  // the chosen format's citation, and nothing else
    const format = panel.querySelector("input[name=cite-format]:checked").value;
    const text = shown.fill(shown.templates[format], format);
    const old = panel.querySelector(".cite-text");
    const into = doc.createElement(CODE.has(format) ? "pre" : "p");
    into.className = "cite-text";
    into.id = "cite-panel-text";
    into.dataset.format = format;
    withUrls(into, text, shown.url);
    old.replaceWith(into);
    panel.querySelector(".cite-copy").setAttribute("aria-label", "Copy the " + FORMATS[format] + " citation");
    return text;
  }

  function build() {
    panel = doc.createElement("div");
    panel.className = "cite-card cite-panel";
    panel.id = "cite-panel";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-labelledby", "cite-panel-title");
    panel.hidden = true;
    const title = panel.appendChild(doc.createElement("p"));
    title.id = "cite-panel-title";
    title.className = "card-title";
    const choice = panel.appendChild(doc.createElement("fieldset"));
    choice.className = "cite-formats";
    choice.appendChild(doc.createElement("legend")).textContent = "Format";
    const chosen = FORMATS[stored()] ? stored() : "chicago";
    for (const [format, name] of Object.entries(FORMATS)) {
      const label = choice.appendChild(doc.createElement("label"));  // the button and its name wrap together
      const input = label.appendChild(doc.createElement("input"));
      Object.assign(input, { type: "radio", name: "cite-format", value: format, checked: format === chosen });
      input.addEventListener("change", () => { stored(format); render(); say(""); });
      label.append(name);
    }
    panel.appendChild(doc.createElement("p")).className = "cite-text";
    const link = panel.appendChild(doc.createElement("p"));
    link.className = "cite-link";
    const actions = panel.appendChild(doc.createElement("div"));
    actions.className = "cite-actions";
    const copyText = button("Copy citation", "", async () => {
      const format = panel.querySelector("input[name=cite-format]:checked").value;
      say(await copy(render()) ? FORMATS[format] + " citation copied." : "Select the citation and copy it.");
    });
    copyText.className = "cite-copy";
    actions.append(copyText, button("Copy link", "", async () => {
      say(await copy(shown.url) ? "Link to " + shown.where + " copied." : "Select the link and copy it.");
    }), button("Close", "Close the citation", () => hide(true)));
    const status = panel.appendChild(doc.createElement("p"));
    status.className = "cite-status";
    status.setAttribute("role", "status");
  }

  function open(trigger, what) {  // what: {title, where, url, templates, fill}
    if (!panel || !panel.isConnected) build();
    shown = what;
    panel.querySelector("#cite-panel-title").textContent = what.title;
    const link = panel.querySelector(".cite-link");
    const a = doc.createElement("a");
    a.href = what.url;
    a.append(urlNode(what.url));
    link.replaceChildren("Link: ", a);
    render();
    say("");
    const host = trigger.closest(".ed-about") || trigger;
    host.after(panel);
    panel.hidden = false;
    panel.style.left = "0px";
    panel.style.top = (host === trigger ? trigger.offsetTop + trigger.offsetHeight + 4 : host.offsetTop + host.offsetHeight) + "px";
    const over = panel.getBoundingClientRect().right - (doc.documentElement.clientWidth - 8);  // inside the viewport
    if (over > 0) panel.style.left = -over + "px";
    opener = trigger;
    trigger.setAttribute("aria-expanded", "true");
    panel.querySelector("input[name=cite-format]:checked").focus();
  }

  function templates() {
    const data = doc.getElementById("edition-cite");
    return data ? JSON.parse(data.textContent) : null;
  }

  function citeNumber(link) {
    const all = templates();
    if (!all) return false;
    const note = !!link.closest(".footnote");
    const number = link.textContent.replace(/[^0-9]/g, "");  // "¶ 12", or a note's "34."
    const hash = note ? link.hash.slice(1) : link.id;  // the address that names the number
    const where = (note ? "note " : "¶ ") + number;
    open(link, {
      title: "Cite " + where, where, url: canonical(hash), templates: all.paragraph,
      fill: (text, format) => text.replaceAll("⟨n⟩", note ? "n. " + number : LOCATOR[format] + number)
        .replaceAll("⟨url⟩", canonical(hash)).replaceAll("⟨key⟩", (note ? "note" : "para") + number),
    });
    history.replaceState(history.state, "", "#" + hash);  // the state keeps the reader's place (place.js)
    highlight();
    return true;
  }

  function citeChapter(trigger) {
    const all = templates();
    if (!all) return;
    open(trigger, { title: "Cite this chapter", where: "this chapter", url: canonical(""), templates: all.chapter,
                    fill: (text) => text.replaceAll("⟨url⟩", canonical("")) });
  }

  function hide(returnFocus) {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus();
    }
  }

  function enhance() {  // the numbers say what they do, now that they do it
    doc.querySelectorAll("a.ed-pnum:not([aria-haspopup])").forEach((a) => {
      a.setAttribute("aria-label", "Cite " + a.getAttribute("aria-label").toLowerCase());
      a.setAttribute("aria-haspopup", "dialog");
      a.setAttribute("aria-expanded", "false");
    });
  }

  doc.addEventListener("click", (event) => {
    const link = event.target.closest("a.ed-pnum");
    const chapter = event.target.closest("button.ed-cite-chapter");
    if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) && templates()) {
      event.preventDefault();
      citeNumber(link);
    } else if (chapter) {
      citeChapter(chapter);
    } else if (panel && !panel.hidden && !panel.contains(event.target)) {
      hide(false);
    }
  });
  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel && !panel.hidden) hide(true);
  });
  addEventListener("hashchange", highlight);
  const rebind = () => { panel = null; highlight(); enhance(); };
  if (typeof window.document$ !== "undefined") window.document$.subscribe(rebind);  // again after each instant navigation, if that is ever enabled
  else rebind();
})();
