'use strict';
// Must be required before anything that loads n8n-core (index.js requires it first).
// n8n-core resolves its user folder (InstanceSettings, binary-data paths, ~/.n8n/config with the
// encryption key) from N8N_USER_FOLDER when its modules are first loaded, so setting it later
// has no effect and the run would read or write the developer's real ~/.n8n.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const userFolder = fs.mkdtempSync(path.join(os.tmpdir(), 'n8n-harness-'));
process.env.N8N_USER_FOLDER = userFolder;
// Keep n8n-core quiet and offline: no telemetry, no log noise in jest output.
process.env.N8N_DIAGNOSTICS_ENABLED = 'false';
if (!process.env.N8N_LOG_LEVEL) process.env.N8N_LOG_LEVEL = 'silent';

/** Removes the temp user folder (n8n-core writes .n8n/config with an encryption key there). */
function removeUserFolder() {
	fs.rmSync(userFolder, { recursive: true, force: true });
}

module.exports = { userFolder, removeUserFolder };
