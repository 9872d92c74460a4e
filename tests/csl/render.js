// Render CSL-JSON items with citeproc-js (the engine inside Zotero and Mendeley) and a CSL style
// from a package nobody in this project wrote: @citation-js/plugin-csl ships the standard APA 7
// style and the en-US locale. Reads {"items": [...], "style": "apa", "format": "text"} on stdin,
// writes {"<id>": "<rendered entry>", ...} on stdout.
"use strict";
const CSL = require("citeproc");
const styles = require("@citation-js/plugin-csl/lib/styles.json");
const locales = require("@citation-js/plugin-csl/lib/locales.json");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const items = Object.fromEntries(request.items.map((item) => [item.id, item]));
  const sys = {
    retrieveLocale: (lang) => locales[lang] || locales["en-US"],
    retrieveItem: (id) => items[id],
  };
  const engine = new CSL.Engine(sys, styles[request.style || "apa"], "en-US", true);
  engine.setOutputFormat(request.format || "text");
  const out = {};
  const groups = request.together ? [Object.keys(items)] : Object.keys(items).map((id) => [id]);
  for (const ids of groups) {
    engine.updateItems(ids);
    const [params, entries] = engine.makeBibliography();
    params.entry_ids.forEach((entryIds, i) => { out[entryIds[0]] = entries[i].trim(); });
  }
  process.stdout.write(JSON.stringify(out));
});
