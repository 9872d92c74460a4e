// Read a RIS, BibTeX or CSL-JSON text with Citation.js's own parsers (@citation-js/plugin-ris,
// @citation-js/plugin-bibtex), a second reader independent of the edition's Python ones.
// Reads {"text": "...", "kind": "ris" | "bibtex" | "csl"} on stdin, writes the CSL-JSON it gets.
"use strict";
const { Cite, plugins } = require("@citation-js/core");
require("@citation-js/plugin-ris");
require("@citation-js/plugin-bibtex");

let input = "";
process.stdin.setEncoding("utf8");
process.stdin.on("data", (chunk) => { input += chunk; });
process.stdin.on("end", () => {
  const request = JSON.parse(input);
  const type = { ris: "@ris/file", bibtex: "@biblatex/text", csl: "@csl/list+object" }[request.kind];
  const text = request.kind === "csl" ? JSON.parse(request.text) : request.text;
  const data = plugins.input.chain(text, { forceType: type, generateGraph: false });
  process.stdout.write(JSON.stringify(data));
});
