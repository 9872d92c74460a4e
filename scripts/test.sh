#!/usr/bin/env bash
# Install everything the tests need (Python packages, Debian's chromium) and run the whole suite.
source "$(dirname "$0")/env.sh" test
if [ ! -x /usr/bin/chromium ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium fonts-dejavu-core >/dev/null
fi
bash "$ROOT/scripts/install-test-tools.sh"  # Java for the HTML validator, when missing
if [ ! -x node_modules/.bin/lighthouse ] || [ ! -d node_modules/chrome-launcher ] || [ ! -d node_modules/citeproc ] \
   || [ ! -d node_modules/@citation-js/plugin-csl ] || [ ! -d node_modules/@citation-js/plugin-ris ] \
   || [ ! -d node_modules/@citation-js/plugin-bibtex ]; then
  # Lighthouse, with chrome-launcher (tests/lighthouse_run.mjs starts Chrome with it, as Lighthouse's
  # CLI does), and the exports' independent readers (citeproc-js, Citation.js with its APA style and
  # RIS and BibTeX parsers), pinned in package.json and package-lock.json. Not `npm ci`: one of
  # Lighthouse's own dependencies asks for the dist-tag "latest", which `npm ci` refuses to match
  # against any lock file.
  npm install --no-audit --no-fund --loglevel=error
fi
exec .venv/bin/python -m pytest "$@"
