#!/usr/bin/env node
'use strict';
/**
 * Install one pinned n8n of ./versions.js into .n8n-runtime/ (what `npm run n8n:install*` runs):
 *
 *   node tools/n8n/install.js <default|latest|1x> [--force]   runs scripts/install-n8n.sh <version> [--node N]
 *   node tools/n8n/install.js --print <target>                prints "<version> [--node N]" and installs nothing
 *
 * The installer itself (npm, sqlite3 built from source, the private Node) is scripts/install-n8n.sh.
 */
const { spawnSync } = require('node:child_process');
const path = require('node:path');

const { N8N_TARGETS } = require('./versions');

/** The arguments of scripts/install-n8n.sh for a target. */
function installArgs({ version, node }) {
	return node ? [version, '--node', String(node)] : [version];
}

function main(argv) {
	const print = argv.includes('--print');
	const rest = argv.filter((a) => a !== '--print');
	const name = rest.find((a) => !a.startsWith('-'));
	const target = N8N_TARGETS[name];
	if (!target) {
		console.error(
			`usage: node tools/n8n/install.js [--print] <${Object.keys(N8N_TARGETS).join('|')}> [--force]`,
		);
		return 2;
	}
	const args = installArgs(target);
	if (print) {
		console.log(args.join(' '));
		return 0;
	}
	const script = path.join(__dirname, '..', '..', 'scripts', 'install-n8n.sh');
	const extra = rest.filter((a) => a !== name);
	const r = spawnSync('bash', [script, ...args, ...extra], { stdio: 'inherit' });
	return r.status === null ? 1 : r.status;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));

module.exports = { installArgs };
