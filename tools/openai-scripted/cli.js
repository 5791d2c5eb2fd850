#!/usr/bin/env node
'use strict';
/**
 * node tools/openai-scripted/cli.js [--port 0] [--api-key k]
 * Starts the scripted model with the payout assistant behaviour and prints
 * `Scripted OpenAI-compatible model listening on <base URL>` once it listens; stops on Ctrl-C.
 */
const { startScriptedModel, DEFAULT_API_KEY } = require('./index');

function option(name, fallback) {
	const i = process.argv.indexOf(`--${name}`);
	return i > 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

async function main() {
	const model = await startScriptedModel({
		port: Number(option('port', 0)),
		apiKey: option('api-key', DEFAULT_API_KEY),
	});
	console.log(`Scripted OpenAI-compatible model listening on ${model.baseUrl}`);
	console.log(
		`API key to put in the OpenAI credential: ${model.apiKey} (a fake, accepted only here)`,
	);
	const stop = async () => {
		await model.close();
		process.exit(0);
	};
	process.on('SIGINT', stop);
	process.on('SIGTERM', stop);
}

main().catch((e) => {
	console.error(e);
	process.exit(1);
});
