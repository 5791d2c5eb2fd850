#!/usr/bin/env bash
# Debian packages for the install-*.sh scripts, with apt-get: as root, or through sudo; `apt-get update` only
# when the first try fails (stale package lists). With --no-service the packages' own services are not
# started (policy-rc.d answers 101 while installing): for servers the tests start themselves.
#
#   scripts/apt-install.sh [--no-service] <apt-get install arguments...>
set -euo pipefail

NO_SERVICE=0
if [ "${1:-}" = "--no-service" ]; then
	NO_SERVICE=1
	shift
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then
	if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
		echo "apt-install: this is not root and there is no sudo: install Debian's $* yourself" >&2
		exit 1
	fi
fi
export DEBIAN_FRONTEND=noninteractive

if [ "$NO_SERVICE" = 1 ]; then
	POLICY=/usr/sbin/policy-rc.d
	CREATED_POLICY=0
	if [ ! -e "$POLICY" ]; then
		printf '#!/bin/sh\nexit 101\n' | $SUDO tee "$POLICY" >/dev/null
		$SUDO chmod +x "$POLICY"
		CREATED_POLICY=1
	fi
	cleanup() { if [ "$CREATED_POLICY" = 1 ]; then $SUDO rm -f "$POLICY"; fi; }
	trap cleanup EXIT
fi

# A machine can arrive with an install cut off half-way (seen on CI's fresh machine: "dpkg was interrupted,
# you must manually run 'dpkg --configure -a'", with chromium-common half-installed), and apt-get then
# refuses every install. Finish what dpkg left, then let apt mend what is half-installed.
if [ -n "$($SUDO dpkg --audit 2>/dev/null)" ] || [ -n "$(ls -A /var/lib/dpkg/updates 2>/dev/null)" ]; then
	echo "apt-install: dpkg was left mid-install on this machine; finishing it (dpkg --configure -a, apt-get -f install)"
	$SUDO dpkg --configure -a || true
	$SUDO apt-get install -f -y || { $SUDO apt-get update && $SUDO apt-get install -f -y; }
fi

if ! $SUDO apt-get install -y "$@"; then
	$SUDO apt-get update
	$SUDO apt-get install -y "$@"
fi
