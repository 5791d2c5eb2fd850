'use strict';
/**
 * The demo's table (scripts/demo.js): one row per fulfillment of the story, read from the run of
 * examples/cancel-then-notify.json, and a summary line. test/e2e/demo.test.js parses this output.
 */
const { nodeOutput, nodeOutputJson } = require('../../tools/n8n');
const { seconds } = require('../../tools/lifecycle');
const { CANCEL_THEN_NOTIFY: E } = require('../../tools/story/examples');

/** 32 hex characters + "-f1" -> "3f9a1c…-f1": enough to tell the rows apart. */
function shortId(id) {
	const m = /^(.{6}).{4,}(-f\d+)$/.exec(String(id));
	return m ? `${m[1]}…${m[2]}` : String(id);
}

function shortenIds(text, ids) {
	let out = String(text);
	for (const id of ids) if (id && id.length > 12) out = out.split(id).join(shortId(id));
	return out;
}

function table(header, rows) {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
	const line = (cells) =>
		cells
			.map((c, i) => (i === cells.length - 1 ? String(c) : String(c).padEnd(widths[i])))
			.join('  ')
			.trimEnd();
	return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** One row per story: which output of the cancel node it left by, its outcome or error, its message. */
function collectRows(run, stories) {
	const main = nodeOutput(run, E.cancel, 0);
	const errors = nodeOutput(run, E.cancel, 1);
	const notifications = [
		[E.notifyCancelled, 'cancelled'],
		[E.notifyWentAhead, 'went ahead'],
		[E.notifyPending, 'still pending'],
		[E.notifyFailed, 'could not cancel'],
	].flatMap(([node, label]) =>
		nodeOutputJson(run, node, 0).map((json) => ({ ...json, node: label })),
	);
	return stories.map((s, i) => {
		const onMain = main.find((x) => x.pairedItem && x.pairedItem.item === i);
		const onError = errors.find((x) => x.pairedItem && x.pairedItem.item === i);
		let branch = '?';
		let result = '-';
		let detail = '';
		if (onMain) {
			branch = 'main';
			const j = onMain.json;
			result = j.outcome === 'not_cancelled' ? `not_cancelled ${j.fulfillmentStatus}` : j.outcome;
			detail = `${j.fulfillmentStatus ?? '-'} after ${j.waitedSeconds} s`;
		} else if (onError) {
			branch = 'error';
			const e = onError.json.error || {};
			result = e.errorCode || e.reason || 'error';
			detail = e.httpCode ? `HTTP ${e.httpCode}` : 'nothing sent';
		}
		const note = notifications.find((n) => n.fulfillmentId === s.fulfillmentId && n.to === s.email);
		return {
			n: i + 1,
			fulfillment: shortId(s.fulfillmentId),
			customer: s.customerId,
			story: s.story,
			branch,
			result,
			detail,
			notifyNode: note ? note.node : '-',
			to: note ? note.to : s.email,
			text: note ? shortenIds(note.text, [s.fulfillmentId]) : '(no notification built)',
			expected: s.expect,
		};
	});
}

/** The table, a note for each row that is not as the story expected, and the summary line. */
function printReport(rows, workflowMs, { pickDelayMs }) {
	console.log('');
	const lines = table(
		['#', 'fulfillment', 'customer', 'story', 'branch', 'outcome / error', 'seen'],
		rows.map((r) => [r.n, r.fulfillment, r.customer, r.story, r.branch, r.result, r.detail]),
	);
	console.log(lines.slice(0, 2).join('\n'));
	rows.forEach((r, i) => {
		console.log(lines[i + 2]);
		console.log(
			`${' '.repeat(String(rows.length).length + 2)}✉ ${r.notifyNode} → ${r.to}: ${r.text}`,
		);
	});
	console.log('');
	const mismatches = rows.filter(
		(r) => r.branch !== r.expected.branch || r.result !== r.expected.result,
	);
	for (const r of mismatches) {
		console.log(
			`note: row ${r.n} (${r.story}) was expected on ${r.expected.branch} as ${r.expected.result}, got ${r.branch} ${r.result} (a slow machine? the emulator picks a payout ${seconds(pickDelayMs)} after creation)`,
		);
	}
	const count = (f) => rows.filter(f).length;
	const wentAhead = rows.filter((r) => r.branch === 'main' && r.result.startsWith('not_cancelled'));
	const failed = rows.filter((r) => r.branch === 'error');
	console.log(
		`Summary: ${rows.length} fulfillments, workflow ran ${Number.isFinite(workflowMs) ? seconds(workflowMs) : '?'}: ` +
			`${count((r) => r.result === 'cancelled')} cancelled, ` +
			`${wentAhead.length} went ahead${wentAhead.length ? ` (${wentAhead.map((r) => r.result.split(' ')[1]).join(', ')})` : ''}, ` +
			`${count((r) => r.result === 'undetermined')} undetermined, ` +
			`${failed.length} could not be cancelled${failed.length ? ` (${failed.map((r) => r.result).join(', ')})` : ''}; ` +
			`${mismatches.length ? `${mismatches.length} not as the story expected` : 'every row as the story expected'}.`,
	);
}

module.exports = { collectRows, printReport, shortId, shortenIds, table };
