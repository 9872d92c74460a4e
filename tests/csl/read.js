// Read a RIS or BibTeX text with Citation.js's own parsers (@citation-js/plugin-ris,
// @citation-js/plugin-bibtex), a second reader independent of the edition's Python ones.
// Reads {"text": "...", "kind": "ris" | "bibtex"} on stdin, writes the CSL-JSON it gets.
"use strict";
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-bibtex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const type = { ris: "@ris/file", bibtex: "@biblatex/text" }[request.kind];
  const data = plugins.input.chain(request.text, { forceType: type, generateGraph: false });
  process.stdout.write(JSON.stringify(data));
});
