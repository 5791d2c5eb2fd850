import type { IExecuteFunctions, INodeProperties } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

/**
 * The node's Options: what the editor shows, their defaults and their bounds, in one place. The checks
 * of a run read the bounds from these same properties, so the two cannot drift apart.
 */

/** A number property whose bounds and default the run checks; `numberPrecision: 0` means whole numbers. */
export type NumberSetting = INodeProperties & {
	type: 'number';
	default: number;
	typeOptions: { minValue: number; maxValue: number; numberPrecision?: number };
};

// Written out as literal properties: n8n's community-package scanner wants each default as a literal.
/** Concurrency 0 is Auto (the default): the limit adapts to Juspay's answers, up to Max Concurrency. */
const AUTO = 0;

const CONCURRENCY: NumberSetting = {
	displayName: 'Concurrency',
	name: 'concurrency',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 100, numberPrecision: 0 },
	default: 0,
	description:
		'The most requests to Juspay in flight at once for this node, across all items and retries. 0 (the default) is Auto: it starts at 16, sends more while Juspay answers fast and cleanly, and sends fewer at once on a 429 (too many requests), a 5xx, a timeout or slower answers, up to Max Concurrency. A number from 1 pins it to exactly that many.',
};

const MAX_CONCURRENCY: NumberSetting = {
	displayName: 'Max Concurrency',
	name: 'maxConcurrency',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 100, numberPrecision: 0 },
	default: 100,
	description:
		'With Concurrency on Auto (0): the most requests in flight it may ever reach. Ignored when Concurrency is a number.',
};

const MAX_TRIES: NumberSetting = {
	displayName: 'Max Tries',
	name: 'maxTries',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 10, numberPrecision: 0 },
	default: 4,
	description:
		'How many times one request may be sent when Juspay has a temporary error (5xx, E06, E90, or 429 without a time to come back), times out or drops the connection. Other errors are never retried, and neither is a request Juspay answered with success. 1 turns these retries off; waiting out a 429 is governed by Rate Limit Wait.',
};

const RATE_LIMIT_WAIT: NumberSetting = {
	displayName: 'Rate Limit Wait (Seconds)',
	name: 'rateLimitWait',
	type: 'number',
	typeOptions: { minValue: 0, maxValue: 3600 },
	default: 300,
	description:
		'How long one request may keep waiting in total when Juspay answers 429 (too many requests) with a time to come back (Retry-After): the node waits as long as Juspay asks (at least 1 s), and these waits do not count as tries. If Juspay asks for longer than is left, the item fails at once. 0 treats a 429 like any other temporary error.',
};

const TIMEOUT: NumberSetting = {
	displayName: 'Timeout (Seconds)',
	name: 'timeout',
	type: 'number',
	typeOptions: { minValue: 1, maxValue: 300 },
	default: 30,
	description:
		'How long to wait for Juspay to answer one try. A request that times out may still have been processed.',
};

export const optionsProperty: INodeProperties = {
	displayName: 'Options',
	name: 'options',
	type: 'collection',
	placeholder: 'Add option',
	default: {},
	options: [CONCURRENCY, MAX_CONCURRENCY, MAX_TRIES, RATE_LIMIT_WAIT, TIMEOUT],
};

/**
 * A setting's value as a number, or why it is refused. Expressions can give text ("10" is fine) or
 * anything else; NaN, infinities and values outside the editor's bounds are refused, never guessed at.
 */
export function checkNumber(
	setting: NumberSetting,
	value: unknown,
): { value: number; problem?: undefined } | { value?: undefined; problem: string } {
	const number =
		typeof value === 'number'
			? value
			: typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)
				? Number(value)
				: NaN;
	const { minValue, maxValue, numberPrecision } = setting.typeOptions;
	const whole = numberPrecision === 0;
	const range = `${whole ? 'a whole number' : 'a number'} from ${minValue} to ${maxValue}`;
	if (
		!Number.isFinite(number) ||
		number < minValue ||
		number > maxValue ||
		(whole && !Number.isInteger(number))
	) {
		const shown =
			typeof value === 'string' ? `"${value.slice(0, 40)}"` : String(value).slice(0, 40);
		return { problem: `"${setting.displayName}" must be ${range}, not ${shown}` };
	}
	return { value: number };
}

interface RunSettings {
	/** 'auto' (Concurrency 0), or the fixed number. */
	concurrency: number | 'auto';
	maxConcurrency: number;
	maxTries: number;
	rateLimitWaitMs: number;
	timeoutMs: number;
}

/**
 * The Options are the node's, not an item's: read from the first item and checked once, before anything
 * is sent. A value that is not allowed stops the run with an error naming the option.
 */
export function readRunSettings(context: IExecuteFunctions): RunSettings {
	const read = (setting: NumberSetting): number => {
		const raw: unknown = context.getNodeParameter(`options.${setting.name}`, 0, setting.default);
		const checked = checkNumber(setting, raw);
		if (checked.problem !== undefined) {
			throw new NodeOperationError(context.getNode(), `The option ${checked.problem}`, {
				description: `Nothing was sent to Juspay. Open the node's Options and set ${setting.displayName}, or fix the expression that fills it.`,
			});
		}
		return checked.value;
	};
	const concurrency = read(CONCURRENCY);
	return {
		concurrency: concurrency === AUTO ? 'auto' : concurrency,
		maxConcurrency: read(MAX_CONCURRENCY),
		maxTries: read(MAX_TRIES),
		rateLimitWaitMs: read(RATE_LIMIT_WAIT) * 1000,
		timeoutMs: read(TIMEOUT) * 1000,
	};
}
