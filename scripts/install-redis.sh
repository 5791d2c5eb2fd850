#!/usr/bin/env bash
# Redis for the queue-mode test (test/e2e/queue-mode.e2e.test.js): Debian's redis-server, installed with
# apt-get only when no redis-server is on PATH. Idempotent; needs root (or sudo) the first time only.
# The test starts its own redis-server on 127.0.0.1 (free port, no persistence, temp dir); this script
# only installs the binary and makes sure the packaged service is not left running.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
	echo "== redis-server present: $(redis-server --version)"
	exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "redis-server is missing and this is not root: install Debian's redis-server package" >&2
		exit 1
	fi
fi

echo "== installing Debian's redis-server (apt-get)"
export DEBIAN_FRONTEND=noninteractive
# policy-rc.d = 101: the package's own service is not started (the test runs its own instance)
POLICY=/usr/sbin/policy-rc.d
CREATED_POLICY=0
if [ ! -e "$POLICY" ]; then
	printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
	$SUDO chmod +x "$POLICY"
	CREATED_POLICY=1
fi
cleanup() { if [ "$CREATED_POLICY" = 1 ]; then $SUDO rm -f "$POLICY"; fi; }
trap cleanup EXIT

if ! $SUDO apt-get install -y --no-install-recommends redis-server; then
	$SUDO apt-get update
	$SUDO apt-get install -y --no-install-recommends redis-server
fi
echo "== $(redis-server --version)"
