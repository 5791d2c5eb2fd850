'use strict';
/**
 * Property: whatever string arrives as a Fulfillment ID, Cancel either refuses it before sending
 * (an error item with reason invalid_input, and no request) or sends exactly one request for it, on the
 * one cancel path, that the emulator decodes back to exactly that string: never another path, never a
 * query, never another route. Which ids are refused is the README's rule, written out below as
 * `isSendable` independently of the node's code: Juspay's ids are printable ASCII, so anything else
 * (look-alikes, accents, zero-width or direction marks, whitespace, controls) is refused, as is anything
 * that could change the URL, and anything longer than 256 characters.
 *
 * Each generated array of ids runs as one multi-item workflow in n8n's real WorkflowExecute (the ids go
 * through JSON, the item, and the expression `{{ $json.id }}` like real data does).
 */
const { useEngine } = require('../../helpers/engine');
const fc = require('fast-check');
const { CANCEL_PATH, credentialFor, orderBody } = require('../../../tools/story/fixtures');

const NUM_RUNS = Number(process.env.PROPERTY_RUNS || 200);
const MAX_IDS = 20;

const engine = useEngine({ pickDelayMs: 3_600_000 });
const realIds = [];

beforeAll(() => {
	for (let i = 0; i < 8; i++)
		realIds.push(engine.emulator.createOrder(orderBody(`prop_order_${i}`)).fulfillments[0].id);
});

// ---------------------------------------------------------------- arbitraries

/** Characters and pieces that change what a URL means, or that a server might read differently. */
// prettier-ignore
const TRICKY = [
	'/', '\\', '?', '#', '%', '%2F', '%2f', '%25', '%2e%2e', '%00', '.', '..', '../', '/..', './',
	'&', '=', ';', ':', '@', '+', ',', '!', '*', "'", '(', ')', '~', '$', '[', ']', '{', '}', '|', '^', '`', '"', '<', '>',
	' ', '\t', '\n', '\r', '\v', '\f', '\u0000', '\u0001', '\u001f', '\u007f', '\u0085', '\u009f',
	'\u00a0', '\u1680', '\u2000', '\u2028', '\u2029', '\u200b', '\u200c', '\u200d', '\u2060', '\u3000', '\ufeff',
	'\ud800', '\udbff', '\udc00', '\udfff', '\udc00\ud800', // lone or reversed surrogates
	'é', 'e\u0301', 'ß', 'İ', 'ﬁ', '\u202e', '\ufffd', '\uffff', '😀', '\ud83d\ude00', '𝔘', '中文', 'Ω', '\u0660',
	'?expand=all', '#frag', '/cancel', '/../orders/x', '..%2F', 'fulfillment/', '\\..\\',
];

/** One UTF-16 code unit anywhere in 0..0xFFFF: includes lone surrogates and every control character. */
const anyCodeUnit = fc.integer({ min: 0, max: 0xffff }).map((n) => String.fromCharCode(n));
/** Any code point, astral ones included. */
const anyCodePoint = fc.integer({ min: 0, max: 0x10ffff }).map((n) => String.fromCodePoint(n));
const idChar = fc.constantFrom(
	...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_',
);

/** Looks like a Juspay id: hex, dash, f<n>. Mostly accepted. */
const idLike = fc.oneof(
	fc
		.tuple(fc.stringMatching(/^[0-9a-f]{10,30}$/), fc.integer({ min: 1, max: 9 }))
		.map(([h, n]) => `${h}-f${n}`),
	fc.string({ unit: idChar, minLength: 1, maxLength: 64 }),
	fc.string({
		unit: fc.oneof(
			idChar,
			fc.constantFrom('.', '~', '@', ':', '+', '!', '*', "'", '(', ')', ',', ';', '=', '&', '$'),
		),
		minLength: 1,
		maxLength: 40,
	}),
);

/** An id-like string with tricky pieces spliced in. */
const spliced = fc
	.tuple(
		idLike,
		fc.array(fc.tuple(fc.nat(), fc.constantFrom(...TRICKY)), { minLength: 1, maxLength: 3 }),
	)
	.map(([base, inserts]) => {
		let s = base;
		for (const [at, piece] of inserts) {
			const i = at % (s.length + 1);
			s = s.slice(0, i) + piece + s.slice(i);
		}
		return s;
	});

const fulfillmentIdArb = fc.oneof(
	{ weight: 4, arbitrary: idLike },
	{ weight: 1, arbitrary: fc.nat(7).map((i) => realIds[i]) }, // read when generated: filled in beforeAll
	{ weight: 3, arbitrary: spliced },
	{
		weight: 1,
		arbitrary: fc.constantFrom(
			'',
			'.',
			'..',
			' ',
			'a b',
			'a/b',
			'a?b',
			'a#b',
			'a%20b',
			'a\\b',
			' lead',
			'trail ',
		),
	},
	{ weight: 2, arbitrary: fc.string({ unit: anyCodeUnit, maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.string({ unit: anyCodePoint, maxLength: 12 }) },
	{ weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
	{ weight: 1, arbitrary: fc.string({ unit: 'grapheme', maxLength: 20 }) },
	// Long: around the node's 256-character cap (in UTF-16 units), and far beyond it.
	{ weight: 1, arbitrary: fc.string({ unit: idChar, minLength: 230, maxLength: 280 }) },
	{
		weight: 1,
		arbitrary: fc.string({
			unit: fc.oneof(idChar, fc.constantFrom('é', '中', '😀', 'Ω')),
			minLength: 100,
			maxLength: 200,
		}),
	},
	{
		weight: 1,
		arbitrary: fc.string({ unit: fc.oneof(idChar, anyCodePoint), minLength: 200, maxLength: 300 }),
	},
	{ weight: 1, arbitrary: fc.string({ unit: idChar, minLength: 1000, maxLength: 5000 }) },
);

// ---------------------------------------------------------------- the rule

const MAX_ID_LENGTH = 256;
/** The README's rule for a Fulfillment ID that may be sent. */
function isSendable(id) {
	return (
		id.length >= 1 &&
		id.length <= MAX_ID_LENGTH &&
		/^[\x21-\x7e]+$/.test(id) &&
		!/[/\\?#%]/.test(id) &&
		id !== '.' &&
		!id.includes('..')
	);
}

test('the rule, on examples', () => {
	expect(['abc-f1', 'a.b', '@x', '~', 'a'.repeat(256)].map(isSendable)).toEqual([
		true,
		true,
		true,
		true,
		true,
	]);
	// prettier-ignore
	expect(['', '.', 'a..b', 'a/b', 'a\\b', 'a?b', 'a#b', 'a%2fb', 'a b', 'a'.repeat(257), '．．／', '％２ｆ', 'ab\u200b', 'a\u202eb', 'é'].map(isSendable))
		.toEqual(new Array(15).fill(false));
});

// ---------------------------------------------------------------- the property

function runCancel(ids) {
	return engine.harness.runNode({
		nodeType: 'juspayPayout',
		parameters: { resource: 'fulfillment', operation: 'cancel', fulfillmentId: '={{ $json.id }}' },
		items: ids.map((id, index) => ({ json: { index, id } })),
		onError: 'continueErrorOutput',
		credentials: { juspayPayoutApi: credentialFor(engine.emulator.url) },
	});
}

/** Keys of a map from value to count, for comparing multisets of (possibly repeated) ids. */
function countBy(values) {
	const counts = new Map();
	for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
	return counts;
}

const stats = { runs: 0, ids: 0, refused: 0, sent: 0, refusedNonAscii: 0, sentLong: 0 };

test(`arbitrary Fulfillment IDs are refused before sending or reach the emulator as exactly themselves (${NUM_RUNS} runs)`, async () => {
	expect(realIds).toHaveLength(8);
	await fc.assert(
		fc.asyncProperty(
			fc.array(fulfillmentIdArb, { minLength: 1, maxLength: MAX_IDS, size: 'max' }),
			async (ids) => {
				engine.emulator.clearLog();
				const result = await runCancel(ids);
				const log = [...engine.emulator.requestLog];

				expect(result.status).toBe('success');
				// One output item per input item, in input order, across both outputs.
				const byIndex = new Map();
				for (const item of [...result.main, ...result.error]) {
					expect(byIndex.has(item.pairedItem.item)).toBe(false);
					byIndex.set(item.pairedItem.item, item);
				}
				expect([...byIndex.keys()].sort((a, b) => a - b)).toEqual(ids.map((_, i) => i));

				// Every request the emulator saw: the one cancel route, exactly the encoded id, no query.
				for (const entry of log) {
					expect(entry.method).toBe('POST');
					expect(typeof entry.fulfillmentId).toBe('string');
					expect(entry.path).toBe(CANCEL_PATH(encodeURIComponent(entry.fulfillmentId)));
					expect(entry.query).toEqual({});
				}

				const sentIds = [];
				ids.forEach((id, index) => {
					const item = byIndex.get(index);
					const error = item.json.error;
					const refused = Boolean(error && error.reason === 'invalid_input');
					if (refused === isSendable(id)) {
						throw new Error(
							`${JSON.stringify(id)} was ${refused ? 'refused' : 'sent'}, against the rule`,
						);
					}
					if (refused) {
						expect(error).toMatchObject({ fulfillmentId: id, tries: 0, httpCode: null });
						expect(item.json.message).toEqual(expect.stringMatching(/\S/));
						expect(error.description).toEqual(expect.stringMatching(/\S/));
						expect(log.some((e) => e.fulfillmentId === id)).toBe(false);
						stats.refused += 1;
						if (/[^\x20-\x7e]/.test(id)) stats.refusedNonAscii += 1;
						return;
					}
					// Sent: a cancel of a real id is accepted; any other id is Juspay's 404 "not found" (E09),
					// not a 404 "no route" (E05) or a 400 "bad encoding", which would mean the path was wrong.
					if (realIds.includes(id)) {
						expect(item.json).toMatchObject({
							fulfillmentId: id,
							cancellationScheduled: true,
							tries: 1,
						});
					} else {
						expect(error).toMatchObject({
							reason: 'juspay_error',
							httpCode: 404,
							errorCode: 'E09',
							fulfillmentId: id,
							tries: 1,
						});
					}
					sentIds.push(id);
					stats.sent += 1;
					if (id.length > 200) stats.sentLong += 1;
				});
				// Exactly one request per sent item, decoded by the emulator to exactly its id (as a multiset:
				// ids may repeat in one array), and nothing else.
				expect(countBy(log.map((e) => e.fulfillmentId))).toEqual(countBy(sentIds));
				stats.runs += 1;
				stats.ids += ids.length;
			},
		),
		{
			numRuns: NUM_RUNS,
			seed: process.env.PROPERTY_SEED ? Number(process.env.PROPERTY_SEED) : undefined,
		},
	);
	console.log(`fulfillment-id property ${JSON.stringify(stats)}`);
	// Both branches were exercised a lot, with ids far from ASCII and ids near the length cap.
	expect(stats.refused).toBeGreaterThan(stats.ids * 0.2);
	expect(stats.sent).toBeGreaterThan(stats.ids * 0.2); // about 30%: printable-ASCII ids are a minority of what is generated
	expect(stats.refusedNonAscii).toBeGreaterThan(50);
	expect(stats.sentLong).toBeGreaterThan(10);
});
