'use strict';
/**
 * Staging a package under test the way users get it (createN8nInstance({ communityPackages: [dir] })):
 * exactly as n8n 2.8.4's own installer (Settings -> Community Nodes -> Install,
 * CommunityPackagesService.downloadPackage) leaves it. The `npm pack` tarball of the package (only what would
 * be published: package.json, dist/, README, LICENSE) is unpacked into
 * <N8N_USER_FOLDER>/.n8n/nodes/node_modules/<name>/, devDependencies, peerDependencies and
 * optionalDependencies are deleted from its package.json (n8n does that before its `npm install`, so the peer
 * `n8n-workflow` is NOT installed), and the package is added to .n8n/nodes/package.json.
 *
 * At start, n8n's community-packages module hands that node_modules folder to LoadNodesAndCredentials, which
 * loads every `n8n-nodes-*` / `@scope/n8n-nodes-*` folder in it with LazyPackageDirectoryLoader: no database
 * row (installed_packages) is needed for loading; those rows only feed the Settings list and the
 * reinstall-missing check. `require('n8n-workflow')` in the package then resolves through the NODE_PATH that
 * LoadNodesAndCredentials sets to n8n's own module paths, i.e. to n8n's own copy. Node types are
 * `<package name>.<node name>`, e.g. `n8n-nodes-juspay-payout.juspayPayout`.
 *
 * With { linkPeerDependencies: true } n8n's own copies of the peers are also symlinked into
 * .n8n/nodes/node_modules: the layout of a manual `npm install <pkg>` in ~/.n8n/nodes (npm >= 7 installs
 * peers), without downloading anything.
 */
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { createRequire } = require('node:module');

const { tail } = require('../process');

/** Run a command, resolve { stdout, stderr }, reject with both on a non-zero exit. */
function run(cmd, args, opts = {}) {
	return new Promise((resolve, reject) => {
		const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], ...opts });
		const out = [];
		const err = [];
		child.stdout.on('data', (b) => out.push(b));
		child.stderr.on('data', (b) => err.push(b));
		child.on('error', reject);
		child.on('close', (code) => {
			const stdout = Buffer.concat(out).toString('utf8');
			const stderr = Buffer.concat(err).toString('utf8');
			if (code === 0) resolve({ stdout, stderr });
			else
				reject(
					new Error(`${cmd} ${args.join(' ')} exited ${code}:\n${tail(stdout)}\n${tail(stderr)}`),
				);
		});
	});
}

/** Environment for npm/tar: the caller's, minus npm_* settings inherited from `npm run` (e.g. dry-run). */
function toolEnv() {
	const env = {};
	for (const [k, v] of Object.entries(process.env)) if (!/^npm_/i.test(k)) env[k] = v;
	return env;
}

/** Files a package's `n8n` section names (nodes and credentials), relative to the package. */
function n8nEntryFiles(pkg) {
	const n8n = pkg.n8n || {};
	return [...(n8n.nodes || []), ...(n8n.credentials || [])];
}

/**
 * `npm pack` the package in `packageDir` into `destDir`; returns the tarball path. Scripts are not run
 * (pack runs only prepack/prepare/postpack, and the package has none of them; --ignore-scripts makes sure).
 * Retries when the tarball lacks a file of the `n8n` section: another process may be rebuilding dist/.
 */
async function packPackage(packageDir, destDir, attempts = 3) {
	const pkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	const missing = (files) =>
		n8nEntryFiles(pkg).filter((f) => !files.includes(f.replace(/^\.\//, '')));
	let lastMissing = [];
	for (let attempt = 0; attempt < attempts; attempt++) {
		const { stdout } = await run(
			'npm',
			['pack', '--json', '--ignore-scripts', '--pack-destination', destDir],
			{ cwd: packageDir, env: toolEnv() },
		);
		const [info] = JSON.parse(stdout);
		const tarball = path.join(destDir, info.filename);
		lastMissing = missing(info.files.map((f) => f.path));
		if (!lastMissing.length) return { tarball, files: info.files.map((f) => f.path) };
		fs.rmSync(tarball, { force: true });
		if (attempt + 1 < attempts) await new Promise((r) => setTimeout(r, 1000)); // dist/ being rebuilt right now?
	}
	throw new Error(
		`npm pack of ${packageDir} lacks ${lastMissing.join(', ')}: build the package first (npm run build)`,
	);
}

/**
 * What `npm pack` would pack, as a fingerprint: the name, size and mtime of every file of the package
 * folder outside node_modules and dot folders. An unchanged fingerprint means the same tarball.
 */
function packageFingerprint(packageDir) {
	const entries = [];
	(function walk(dir) {
		for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
			if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
			const file = path.join(dir, e.name);
			if (e.isDirectory()) walk(file);
			else if (e.isFile()) {
				const { size, mtimeMs } = fs.statSync(file);
				entries.push(`${path.relative(packageDir, file)}:${size}:${mtimeMs}`);
			}
		}
	})(packageDir);
	return entries.sort().join('\n');
}

/**
 * Tarballs packed in this process, by package folder: an end-to-end run stages the same built package in
 * about twenty n8n instances, and each `npm pack` costs about two seconds. Kept in a temporary folder of
 * this process, removed when it exits; packed again whenever a file of the package changed.
 */
const packed = new Map();
let packDir;

async function packedTarball(packageDir, attempts) {
	const fingerprint = packageFingerprint(packageDir);
	const cached = packed.get(packageDir);
	if (cached && cached.fingerprint === fingerprint && fs.existsSync(cached.tarball)) return cached;
	if (!packDir) {
		packDir = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-e2e-pack-'));
		process.on('exit', () => fs.rmSync(packDir, { recursive: true, force: true }));
	}
	const dest = fs.mkdtempSync(path.join(packDir, 'p-'));
	const { tarball, files } = await packPackage(packageDir, dest, attempts);
	if (cached) fs.rmSync(path.dirname(cached.tarball), { recursive: true, force: true });
	const entry = { fingerprint, tarball, files };
	packed.set(packageDir, entry);
	return entry;
}

/** Symlink n8n's own copy of each peer dependency into `nodeModules` (what npm >= 7 would install). */
function linkPeers(peerDependencies, nodeModules, n8nDir) {
	for (const peer of Object.keys(peerDependencies || {})) {
		const own = path.dirname(
			createRequire(path.join(n8nDir, 'package.json')).resolve(`${peer}/package.json`),
		);
		const link = path.join(nodeModules, ...peer.split('/'));
		if (fs.existsSync(link)) continue;
		fs.mkdirSync(path.dirname(link), { recursive: true });
		fs.symlinkSync(own, link, 'dir');
	}
}

/** Add the package to nodesDir/package.json, n8n's record of installed community packages. */
function recordInstalled(nodesDir, pkg) {
	const manifest = path.join(nodesDir, 'package.json');
	const installed = fs.existsSync(manifest)
		? JSON.parse(fs.readFileSync(manifest, 'utf8'))
		: { name: 'installed-nodes', private: true, dependencies: {} };
	installed.dependencies = { ...installed.dependencies, [pkg.name]: pkg.version };
	fs.writeFileSync(manifest, JSON.stringify(installed, null, 2), 'utf8');
}

/**
 * Stage a package in `nodesDir` (= <N8N_USER_FOLDER>/.n8n/nodes) the way n8n 2.8.4 installs a community
 * package (CommunityPackagesService.downloadPackage + updatePackageJsonDependency): unpack the `npm pack`
 * tarball into node_modules/<name>, drop dev/peer/optional dependencies from its package.json, `npm install`
 * its runtime dependencies (none for ours: nothing is downloaded then), record it in nodesDir/package.json.
 * Resolves to { name, version, dir, files, nodeTypes, credentialTypes }.
 */
async function stageCommunityPackage(
	packageDir,
	nodesDir,
	{ n8nDir, linkPeerDependencies = false, packAttempts = 3 } = {},
) {
	const srcPkg = JSON.parse(fs.readFileSync(path.join(packageDir, 'package.json'), 'utf8'));
	if (!/^(@[^/]+\/)?n8n-nodes-/.test(srcPkg.name)) {
		throw new Error(
			`${srcPkg.name}: n8n loads only packages named n8n-nodes-* or @scope/n8n-nodes-*`,
		);
	}
	const nodeModules = path.join(nodesDir, 'node_modules');
	const target = path.join(nodeModules, ...srcPkg.name.split('/'));
	fs.mkdirSync(target, { recursive: true });
	const { tarball, files } = await packedTarball(path.resolve(packageDir), packAttempts);
	await run('tar', ['-xzf', tarball, '-C', target, '--strip-components=1'], { env: toolEnv() });
	const pkgFile = path.join(target, 'package.json');
	const installedPkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8'));
	const peerDependencies = installedPkg.peerDependencies;
	for (const k of ['devDependencies', 'peerDependencies', 'optionalDependencies'])
		delete installedPkg[k];
	fs.writeFileSync(pkgFile, JSON.stringify(installedPkg, null, 2), 'utf8');
	if (Object.keys(installedPkg.dependencies || {}).length) {
		// like n8n: install the runtime dependencies inside the package folder (needs the registry)
		await run('npm', ['install', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund'], {
			cwd: target,
			env: toolEnv(),
		});
	}
	if (linkPeerDependencies) linkPeers(peerDependencies, nodeModules, n8nDir);
	recordInstalled(nodesDir, installedPkg);

	const typeNames = (list, suffix) =>
		(list || []).map((f) => path.basename(f).replace(new RegExp(`\\.${suffix}\\.js$`), ''));
	const lowerFirst = (n) => n.charAt(0).toLowerCase() + n.slice(1);
	return {
		name: installedPkg.name,
		version: installedPkg.version,
		dir: target,
		files,
		// file-name based guesses (JuspayPayout.node.js -> <pkg>.juspayPayout), the n8n convention
		nodeTypes: typeNames(installedPkg.n8n && installedPkg.n8n.nodes, 'node').map(
			(n) => `${installedPkg.name}.${lowerFirst(n)}`,
		),
		credentialTypes: typeNames(installedPkg.n8n && installedPkg.n8n.credentials, 'credentials').map(
			lowerFirst,
		),
	};
}

module.exports = { stageCommunityPackage, packPackage, n8nEntryFiles };
