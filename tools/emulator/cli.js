#!/usr/bin/env node
'use strict';
/**
 * Starts the Juspay Payout sandbox emulator on 127.0.0.1 and runs until SIGINT/SIGTERM.
 *   node tools/emulator/cli.js [--port 8787] [--api-key k] [--merchant-id m] [--latency-ms n]
 *     [--latency-per-in-flight-ms n [--latency-free-in-flight n]]
 *     [--pick-delay-ms n] [--gateway-delay-ms n] [--cancel-delay-ms n] [--rate-limit n]
 *     [--seed n] [--fault-rates http503=0.05,reset=0.01]
 *     [--webhook-url u [--webhook-username n] [--webhook-password p] [--webhook-header "Name: value"]
 *      [--webhook-copies 2]]
 * Scripts can wait for the line "Juspay Payout emulator listening on http://127.0.0.1:<port>".
 * The API key printed is the emulator's own fake test key, so printing it leaks nothing.
 */
const { startEmulator, DEFAULTS } = require('./index');
const { FAULT_KINDS } = require('./faults');

const DEFAULT_PORT = 8787;
const USAGE = `usage: node tools/emulator/cli.js [--port n] [--api-key k] [--merchant-id m] [--latency-ms n]
  [--latency-per-in-flight-ms n [--latency-free-in-flight n]]   (latency grows by n ms per request in flight beyond the free ones)
  [--pick-delay-ms n] [--gateway-delay-ms n] [--cancel-delay-ms n] [--rate-limit per-second]
  [--seed n] [--fault-rates ${FAULT_KINDS.map((k) => `${k}=p`)
		.slice(0, 2)
		.join(',')},...]
  [--webhook-url u] [--webhook-username n] [--webhook-password p] [--webhook-header "Name: value"]
  [--webhook-copies n]   (Juspay's webhooks: every order, fulfillment and transaction event is POSTed to u)`;

const FLAGS = {
	'--port': ['port', 'int'],
	'--api-key': ['apiKey', 'string'],
	'--merchant-id': ['merchantId', 'string'],
	'--latency-ms': ['latencyMs', 'int'],
	'--latency-per-in-flight-ms': ['latencyPerInFlightMs', 'int'],
	'--latency-free-in-flight': ['latencyFreeInFlight', 'int'],
	'--pick-delay-ms': ['pickDelayMs', 'int'],
	'--gateway-delay-ms': ['gatewayDelayMs', 'int'],
	'--cancel-delay-ms': ['cancelDelayMs', 'int'],
	'--rate-limit': ['rateLimit', 'int'],
	'--seed': ['seed', 'int'],
	'--fault-rates': ['faultRates', 'string'],
	'--webhook-url': ['webhookUrl', 'string'],
	'--webhook-username': ['webhookUsername', 'string'],
	'--webhook-password': ['webhookPassword', 'string'],
	'--webhook-header': ['webhookHeader', 'string'],
	'--webhook-copies': ['webhookCopies', 'int'],
};

function parseArgs(argv) {
	const out = {};
	for (let i = 0; i < argv.length; i++) {
		let flag = argv[i];
		let value;
		if (flag === '--help' || flag === '-h') return { help: true };
		const eq = flag.indexOf('=');
		if (flag.startsWith('--') && eq !== -1) [flag, value] = [flag.slice(0, eq), flag.slice(eq + 1)];
		const spec = FLAGS[flag];
		if (!spec) throw new Error(`unknown option ${flag}`);
		if (value === undefined) value = argv[++i];
		if (value === undefined) throw new Error(`${flag} needs a value`);
		if (spec[1] === 'int') {
			if (!/^\d+$/.test(value)) throw new Error(`${flag} needs a whole number >= 0, got ${value}`);
			value = Number(value);
		}
		out[spec[0]] = value;
	}
	return out;
}

function parseRates(text) {
	const rates = {};
	for (const part of text.split(',').filter(Boolean)) {
		const [kind, p] = part.split('=');
		rates[kind.trim()] = Number(p);
	}
	return rates;
}

function toOptions(args) {
	const {
		seed,
		faultRates,
		rateLimit,
		webhookUrl,
		webhookUsername,
		webhookPassword,
		webhookHeader,
		latencyPerInFlightMs,
		latencyFreeInFlight,
		...rest
	} = args;
	const options = { port: DEFAULT_PORT, ...rest };
	if (latencyPerInFlightMs !== undefined) {
		options.latencyGrowth = {
			perInFlightMs: latencyPerInFlightMs,
			freeInFlight: latencyFreeInFlight ?? 0,
		};
	} else if (latencyFreeInFlight !== undefined) {
		throw new Error('--latency-free-in-flight needs --latency-per-in-flight-ms');
	}
	if (webhookUrl !== undefined) {
		options.webhook = {
			url: webhookUrl,
			username: webhookUsername ?? '',
			password: webhookPassword ?? '',
			header: webhookHeader,
		};
	} else if (webhookUsername || webhookPassword || webhookHeader) {
		throw new Error(
			'--webhook-username, --webhook-password and --webhook-header need --webhook-url',
		);
	}
	if (rateLimit) options.rateLimit = { perSecond: rateLimit };
	if (faultRates !== undefined) {
		options.faults = { seed: seed === undefined ? 1 : seed, rates: parseRates(faultRates) };
	} else if (seed !== undefined) {
		options.faults = { seed, rates: {} }; // a seed alone injects nothing; say so in the banner
	}
	return options;
}

function banner(emu, options) {
	const s = emu.settings();
	const lines = [
		`Juspay Payout emulator listening on ${emu.url}`,
		`  api key (username, empty password): ${s.apiKey}${options.apiKey ? '' : '   (default)'}`,
		`  x-merchantid:                       ${s.merchantId}${options.merchantId ? '' : '   (default)'}`,
		`  pick delay ${s.pickDelayMs} ms, gateway delay ${s.gatewayDelayMs} ms, cancel delay ${s.cancelDelayMs} ms`,
		`  latency ${s.latencyMs} ms${s.latencyGrowth ? ` + ${s.latencyGrowth.perInFlightMs} ms per request in flight beyond ${s.latencyGrowth.freeInFlight}` : ''}, rate limit ${s.rateLimit ? `${s.rateLimit.perSecond}/s` : 'off'}`,
		`  faults ${s.faults && Object.keys(s.faults.rates || {}).length ? `${JSON.stringify(s.faults.rates)} seed ${s.faults.seed}` : 'off'}`,
		`  defaults: port ${DEFAULT_PORT}, api key ${DEFAULTS.apiKey}, merchant ${DEFAULTS.merchantId}; --help for options`,
		'  stop with Ctrl+C',
	];
	if (s.webhook) {
		const w = s.webhook;
		const extras = `${w.header ? ' + custom header' : ''}${s.webhookCopies > 1 ? `, each event ${s.webhookCopies} times` : ''}`;
		// The password is the user's own: say only whether there is one.
		lines.splice(
			-2,
			0,
			`  webhooks to ${w.url} as ${w.username || '(no username)'}${w.password ? ' (password set)' : ''}${extras}`,
		);
	}
	return lines.join('\n');
}

async function main() {
	let args;
	try {
		args = parseArgs(process.argv.slice(2));
	} catch (err) {
		console.error(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	if (args.help) {
		console.log(USAGE);
		return;
	}
	let options;
	try {
		options = toOptions(args);
	} catch (err) {
		console.error(`${err.message}\n${USAGE}`);
		process.exit(2);
	}
	let emu;
	try {
		emu = await startEmulator(options);
	} catch (err) {
		console.error(`cannot start the emulator: ${err.message}`);
		process.exit(1);
	}
	const stop = async (signal) => {
		console.log(`${signal}: stopping the emulator`);
		await emu.close();
		process.exit(0);
	};
	// Handlers first: a script that sees the banner may signal at once.
	process.once('SIGINT', stop);
	process.once('SIGTERM', stop);
	console.log(banner(emu, options));
	// Every emulator timer is unref'd; this keeps the process up until a signal arrives.
	setInterval(() => {}, 1 << 30);
}

main();
