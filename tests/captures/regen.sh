#!/bin/sh
# Regenerate the saved lab captures and their golden `check --json` output.
# Run with the lab up (samples/lab/lab start). The captures are evaluated at
# their own time, so they never expire; regenerate only when the probe or the
# lab changes, and review the diff of the golden files.
# usage: tests/captures/regen.sh [BUILD_DIR]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
cs=${1:-$here/../../build}/cmd/chainscope
. "$here/../../samples/lab/run/env.sh"
tail -n +2 "$LAB_SCENARIOS" | while IFS="$(printf '\t')" read -r id qname qtype expected desc; do
	# From the lab directory, so the capture records the anchor's source as
	# "root.ds", not this checkout's path.
	(cd "$LAB_DIR" && "$cs" probe "$qname" "$qtype" --hints root.hints --anchor root.ds \
		--port "$LAB_PORT" --timeout 0.4 --retries 0 -q -o "$here/$id.json")
	"$cs" check --capture "$here/$id.json" --json > "$here/$id.check.json" || true
	echo "$id"
done
