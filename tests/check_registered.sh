#!/bin/sh
# Fails when a tests/unit/LAYER/test_*.c file is not registered in tests/meson.build,
# or a tests/*/*_test.py file is not named in its directory's meson.build.
dir=$1; shift
status=0
for f in "$dir"/unit/*/test_*.c; do
	name=$(basename "$f" .c); name=$(basename "$(dirname "$f")")/${name#test_}
	found=0
	for t in "$@"; do [ "$t" = "$name" ] && found=1; done
	if [ $found -eq 0 ]; then
		echo "unregistered test file: $f (add '$name' to unit_tests in tests/meson.build)"
		status=1
	fi
done
for f in "$dir"/*/*_test.py "$dir"/meta/*.py; do
	[ -e "$f" ] || continue
	if ! grep -q "'$(basename "$f")'" "$(dirname "$f")/meson.build" 2>/dev/null; then
		echo "unregistered test file: $f (add it to $(dirname "$f")/meson.build)"
		status=1
	fi
done
exit $status
