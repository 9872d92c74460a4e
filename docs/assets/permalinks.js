/* Paragraph permalinks: the margin number copies the paragraph's permalink and opens a
   "cite this paragraph" panel (Chicago, APA, MLA, BibTeX, RIS). Without JavaScript the number is
   a plain link. Arriving by permalink highlights the paragraph. */
(() => {
  const doc = document;
  if (doc.documentElement.dataset.editionPermalinks) return;  // idempotent
  doc.documentElement.dataset.editionPermalinks = "on";
  const FORMATS = { chicago: "Chicago", apa: "APA", mla: "MLA", bibtex: "BibTeX", ris: "RIS" };
  const LOCATOR = { chicago: "¶ ", apa: "para. ", mla: "par. ", bibtex: "¶ ", ris: "¶ " };
  let panel = null;
  let opener = null;

  function permalink(id) {
    const canonical = doc.querySelector('link[rel="canonical"]');
    return (canonical ? canonical.href : location.href).split("#")[0] + "#" + id;
  }

  function highlight() {
    doc.querySelectorAll(".is-target").forEach((el) => el.classList.remove("is-target"));
    const id = decodeURIComponent(location.hash.slice(1));
    let el = id && doc.getElementById(id);
    if (el && el.classList.contains("ed-alias")) el = el.parentElement;  // a retired id lands on its successor
    if (el && (el.matches(":has(.ed-pnum)") || el.closest(".footnote"))) el.classList.add("is-target");  // a numbered block or a note
  }

  async function copy(text, field) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (error) {  // no Clipboard API (insecure origin, old browser, denied): select and copy
      field.focus();
      field.select();
      try { return doc.execCommand("copy"); } catch (e) { return false; }
    }
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
    const status = panel.appendChild(doc.createElement("p"));
    status.className = "cite-status";
    status.setAttribute("role", "status");
    const label = panel.appendChild(doc.createElement("label"));
    label.textContent = "Permalink ";
    const field = label.appendChild(doc.createElement("input"));
    field.readOnly = true;
    field.className = "cite-url";
    for (const [format, name] of Object.entries(FORMATS)) {
      const row = panel.appendChild(doc.createElement("div"));
      row.className = "cite-row";
      const head = row.appendChild(doc.createElement("span"));
      head.textContent = name;
      head.id = "cite-" + format;
      const text = row.appendChild(doc.createElement("pre"));
      text.dataset.format = format;
      text.tabIndex = 0;
      text.setAttribute("aria-labelledby", head.id);
      const button = row.appendChild(doc.createElement("button"));
      button.type = "button";
      button.textContent = "Copy";
      button.setAttribute("aria-label", "Copy the " + name + " citation");
      button.addEventListener("click", async () => {
        const area = doc.createElement("textarea");
        area.value = text.textContent;
        area.className = "cite-scratch";
        row.appendChild(area);
        const done = await copy(text.textContent, area);
        area.remove();
        status.textContent = done ? name + " citation copied." : "Select the " + name + " citation and copy it.";
        button.focus();
      });
    }
    const close = panel.appendChild(doc.createElement("button"));
    close.type = "button";
    close.className = "cite-close";
    close.textContent = "Close";
    close.addEventListener("click", () => hide(true));
  }

  async function show(link) {
    const data = doc.getElementById("edition-cite");
    if (!data) return false;
    const templates = JSON.parse(data.textContent);
    if (!panel || !panel.isConnected) build();
    const id = link.hash.slice(1);
    const [mark, number] = link.textContent.split(" ");  // "¶ 12" or, in the notes, "n. 34"
    const note = mark === "n." ? number : "";
    const url = permalink(id);
    const where = note ? "note " + note : "¶ " + number;
    panel.querySelector("#cite-panel-title").textContent = "Cite " + where;
    panel.querySelector(".cite-url").value = url;
    panel.querySelectorAll("pre[data-format]").forEach((pre) => {
      const format = pre.dataset.format;
      pre.textContent = templates[format].replaceAll("⟨n⟩", note ? "n. " + note : LOCATOR[format] + number)
        .replaceAll("⟨url⟩", url).replaceAll("⟨key⟩", id);
    });
    link.after(panel);
    panel.hidden = false;
    panel.style.left = "0px";
    panel.style.top = link.offsetTop + link.offsetHeight + 4 + "px";
    opener = link;
    link.setAttribute("aria-expanded", "true");
    const status = panel.querySelector(".cite-status");
    status.textContent = "";
    const copied = await copy(url, panel.querySelector(".cite-url"));
    status.textContent = copied ? "Link to " + where + " copied." : "Press Ctrl+C (⌘C) to copy the selected link to " + where + ".";
    panel.querySelector(".cite-url").focus();
    return true;
  }

  function hide(returnFocus) {
    if (!panel || panel.hidden) return;
    panel.hidden = true;
    if (opener) {
      opener.setAttribute("aria-expanded", "false");
      if (returnFocus) opener.focus();
    }
  }

  doc.addEventListener("click", (event) => {
    const link = event.target.closest("a.ed-pnum");
    if (link && !(event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) && doc.getElementById("edition-cite")) {
      event.preventDefault();
      history.replaceState(history.state, "", "#" + link.hash.slice(1));  // the state keeps the reader's place (place.js)
      highlight();
      show(link);
    } else if (panel && !panel.hidden && !panel.contains(event.target)) {
      hide(false);
    }
  });
  doc.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && panel && !panel.hidden) hide(true);
  });
  addEventListener("hashchange", highlight);
  const rebind = () => { panel = null; highlight(); };
  if (typeof window.document$ !== "undefined") window.document$.subscribe(rebind);  // again after each instant navigation, if that is ever enabled
  else rebind();
})();
