// One Lighthouse run, as `lighthouse URL --output=json` runs it, except that the measuring process
// steps aside for the browser it measures: Chrome starts at normal priority, then this process
// (Lighthouse's own work: the protocol, the trace of some 10^5 events) lowers its priority to the
// lowest. On a 2-core machine the two otherwise share the cores while the page loads, and a starved
// renderer that is late to answer the compositor's frames is sent one frame a second (Chromium's
// viz throttling of "unresponsive" clients, GoogleChrome/lighthouse#17148): the page then paints
// one or two seconds after it loaded with nothing left to do, and that wait is scored as the page's.
//
// usage: node tests/lighthouse_run.mjs URL OUTPUT.json CATEGORIES CHROME_FLAGS  (CHROME_PATH in env)
import fs from "node:fs";
import os from "node:os";
import * as ChromeLauncher from "chrome-launcher";
import lighthouse from "lighthouse";

const [url, output, categories, chromeFlags] = process.argv.slice(2);
const chrome = await ChromeLauncher.launch({ chromeFlags: chromeFlags.split(" ") });
try {
  os.setPriority(19);  // this process only: Chrome, already started, keeps the normal priority
  const result = await lighthouse(url, { port: chrome.port, output: "json", logLevel: "error",
                                         onlyCategories: categories.split(",") });
  fs.writeFileSync(output, result.report);
  if (result.lhr.runtimeError) {  // as the CLI does: the report is kept, the run fails
    console.error("Runtime error encountered:", result.lhr.runtimeError.message);
    process.exitCode = 1;
  }
} finally {
  chrome.kill();
}
