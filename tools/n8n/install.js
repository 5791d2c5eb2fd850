#!/usr/bin/env node
'use strict';
/**
 * Install one pinned n8n of ./versions.js into .n8n-runtime/ (what `npm run n8n:install*` runs):
 *
 *   node tools/n8n/install.js <default|latest|1x> [--force]   runs scripts/install-n8n.sh <version> [--node N]
 *   node tools/n8n/install.js all [--force]                   every target at once (what `npm test` runs):
 *                                                             the private Nodes first, then the n8n installs side
 *                                                             by side, each line prefixed with its target
 *   node tools/n8n/install.js --print <target>                prints "<version> [--node N]" and installs nothing
 *
 * The installer itself (npm, sqlite3 built from source, the private Node) is scripts/install-n8n.sh.
 */
const { spawn, spawnSync } = require('node:child_process');
const path = require('node:path');

const { N8N_TARGETS } = require('./versions');

/** The arguments of scripts/install-n8n.sh for a target. */
function installArgs({ version, node }) {
	return node ? [version, '--node', String(node)] : [version];
}

const SCRIPT = path.join(__dirname, '..', '..', 'scripts', 'install-n8n.sh');

/** Runs one install with every output line prefixed; resolves to its exit code. */
function installPrefixed(name, args) {
	return new Promise((resolve) => {
		const child = spawn('bash', [SCRIPT, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
		for (const stream of [child.stdout, child.stderr]) {
			let pending = '';
			stream.on('data', (chunk) => {
				const lines = (pending + chunk).split('\n');
				pending = lines.pop();
				for (const line of lines) process.stderr.write(`[${name}] ${line}\n`);
			});
			stream.on('end', () => pending && process.stderr.write(`[${name}] ${pending}\n`));
		}
		child.on('close', (code) => resolve(code === null ? 1 : code));
	});
}

/**
 * Every target at once: about the time of the slowest instead of the sum. Targets sharing a private Node
 * would race to install it, so each private Node is installed first, on its own.
 */
async function installAll(extra) {
	const targets = Object.entries(N8N_TARGETS);
	for (const node of new Set(targets.map(([, t]) => t.node).filter(Boolean))) {
		const code = await installPrefixed(`node ${node}`, ['--node', String(node), '--node-only']);
		if (code !== 0) return code;
	}
	const codes = await Promise.all(
		targets.map(([name, target]) => installPrefixed(name, [...installArgs(target), ...extra])),
	);
	const failed = targets.filter((_, k) => codes[k] !== 0).map(([name]) => name);
	if (failed.length) console.error(`install: failed for ${failed.join(', ')}`);
	return failed.length ? 1 : 0;
}

async function main(argv) {
	const print = argv.includes('--print');
	const rest = argv.filter((a) => a !== '--print');
	const name = rest.find((a) => !a.startsWith('-'));
	if (name === 'all' && !print) return await installAll(rest.filter((a) => a !== name));
	const target = N8N_TARGETS[name];
	if (!target) {
		console.error(
			`usage: node tools/n8n/install.js [--print] <${Object.keys(N8N_TARGETS).join('|')}|all> [--force]`,
		);
		return 2;
	}
	const args = installArgs(target);
	if (print) {
		console.log(args.join(' '));
		return 0;
	}
	const extra = rest.filter((a) => a !== name);
	const r = spawnSync('bash', [SCRIPT, ...args, ...extra], { stdio: 'inherit' });
	return r.status === null ? 1 : r.status;
}

if (require.main === module) {
	main(process.argv.slice(2)).then((code) => {
		process.exitCode = code;
	});
}

module.exports = { installArgs };
