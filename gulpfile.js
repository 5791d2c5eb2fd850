/**
 * Post-build steps that `n8n-node build` (tsc + copy of icons) does not do:
 *  - prune: dist/ must hold only what n8n loads. tsc also writes the incremental build info, source maps
 *    that point at sources we do not ship, declaration files no n8n install reads, and a copy of
 *    package.json; and n8n-node build copies every *.png/*.svg of the repository (the README's
 *    screenshots in docs/ too). `npm pack` would publish them all. Only nodes/ and credentials/ stay.
 *  - verify: every node and credential named in package.json's "n8n" section exists in dist, and every
 *    icon they reference (light and dark, which must differ) was copied next to it. A missing icon or a
 *    misspelt path otherwise only shows up as a broken node in a user's n8n.
 */
const fs = require('node:fs');
const path = require('node:path');
const { series } = require('gulp');

const root = __dirname;
const dist = path.join(root, 'dist');
const KEPT_FOLDERS = /^(nodes|credentials)\//;
const PRUNED = [/\.tsbuildinfo$/, /\.js\.map$/, /\.d\.ts$/];

function walk(dir) {
	return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
		const full = path.join(dir, entry.name);
		return entry.isDirectory() ? walk(full) : [full];
	});
}

async function prune() {
	let removed = 0;
	for (const file of walk(dist)) {
		const relative = path.relative(dist, file);
		if (!KEPT_FOLDERS.test(relative) || PRUNED.some((pattern) => pattern.test(relative))) {
			fs.rmSync(file);
			removed++;
		}
	}
	for (const entry of fs.readdirSync(dist)) {
		if (!KEPT_FOLDERS.test(`${entry}/`)) fs.rmSync(path.join(dist, entry), { recursive: true, force: true });
	}
	console.log(`prune: removed ${removed} build-only files from dist/`);
}

function iconFiles(description, baseDir) {
	const icon = description.icon;
	const refs = typeof icon === 'string' ? [icon] : icon ? [icon.light, icon.dark] : [];
	return refs.map((ref) => path.resolve(baseDir, ref.replace(/^file:/, '')));
}

async function verify() {
	const { n8n } = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
	const problems = [];
	const entries = [...n8n.nodes, ...n8n.credentials];
	for (const entry of entries) {
		const file = path.join(root, entry);
		if (!fs.existsSync(file)) {
			problems.push(`${entry} is listed in package.json but was not built`);
			continue;
		}
		const exported = require(file);
		for (const Type of Object.values(exported)) {
			const instance = new Type();
			const description = instance.description ?? instance;
			const icons = iconFiles(description, path.dirname(file));
			if (icons.length === 0) problems.push(`${entry} has no icon`);
			for (const icon of icons) {
				if (!fs.existsSync(icon)) problems.push(`${entry}: icon ${path.relative(root, icon)} missing`);
			}
			if (icons.length === 2 && icons.every((icon) => fs.existsSync(icon))) {
				const [light, dark] = icons.map((icon) => fs.readFileSync(icon, 'utf8'));
				if (light === dark) problems.push(`${entry}: light and dark icons are the same picture`);
			}
		}
	}
	if (problems.length) throw new Error(`dist/ is not a loadable n8n package:\n- ${problems.join('\n- ')}`);
	console.log(`verify: ${entries.length} entries and their icons present in dist/`);
}

exports.prune = prune;
exports.verify = verify;
exports.default = series(prune, verify);
