#!/usr/bin/env bash
# Install everything the edition needs and serve it at http://127.0.0.1:8000 with live reload.
source "$(dirname "$0")/env.sh"
exec .venv/bin/mkdocs serve --dev-addr 127.0.0.1:8000 "$@"
