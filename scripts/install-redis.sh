#!/usr/bin/env bash
# Redis for the queue-mode test (test/e2e/queue-mode.e2e.test.js): Debian's redis-server, installed with
# apt-get only when no redis-server is on PATH (scripts/apt-install.sh: root or sudo, the first time only).
# The test starts its own redis-server on 127.0.0.1 (tools/servers/redis.js: free port, no persistence, temp
# dir); the packaged service is not started.
set -euo pipefail

if command -v redis-server >/dev/null 2>&1; then
	echo "== redis-server present: $(redis-server --version)"
	exit 0
fi

echo "== installing Debian's redis-server (apt-get)"
bash "$(dirname "${BASH_SOURCE[0]}")/apt-install.sh" --no-service --no-install-recommends redis-server
echo "== $(redis-server --version)"
