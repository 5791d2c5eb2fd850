'use strict';
/**
 * The real n8n builds the package is shown in, written once: package.json's n8n:install scripts (through
 * ./install.js), the runner's defaults, the tests and the README take them from here.
 *
 *   default  the newest n8n whose engines accept Node 20: what demo, dev, bench and most tests run
 *   latest   the newest 2.x that installs here (2.41.3 does not: its `@n8n/agents@0.26.2` is missing from the
 *            registry; see test/e2e/README.md); n8n 2.40 and later need Node >= 24, a private Node 24
 *   1x       the newest 1.x, on the same private Node 24
 *
 * `node` is the major of the private Node `scripts/install-n8n.sh --node <major>` installs; undefined means
 * the node running the caller (Node 20 here).
 */
const N8N_TARGETS = Object.freeze({
	default: Object.freeze({ version: '2.8.4', node: undefined }),
	latest: Object.freeze({ version: '2.41.1', node: 24 }),
	'1x': Object.freeze({ version: '1.123.81', node: 24 }),
});

const DEFAULT_VERSION = N8N_TARGETS.default.version;
/** The newest n8n that installs and runs here ({ version, node }). */
const NEWEST = N8N_TARGETS.latest;
/** The newest n8n 1.x ({ version, node }). */
const NEWEST_1X = N8N_TARGETS['1x'];

module.exports = { N8N_TARGETS, DEFAULT_VERSION, NEWEST, NEWEST_1X };
