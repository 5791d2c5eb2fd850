/**
 * Reading one item's parameters: the ids that go into a URL path and the Routing ID header, each refused
 * for that item, before anything is sent, when it is not safe to send.
 */
import type { IExecuteFunctions } from 'n8n-workflow';

import { whyUnsafeHeaderValue, whyUnsafePathSegment } from '../helpers/pathSegment';
import type { JuspaySession } from '../transport';
import type { FailureSubject, ItemResult } from './types';

/** A failure found before sending anything for this item. */
export function refuse(subject: FailureSubject, detail: string): ItemResult {
	return { ok: false, failure: { reason: 'invalid_input', detail, tries: 0 }, subject };
}

/**
 * Reads an ID parameter that goes into the URL path. Whole numbers (from expressions or sheets) become
 * text when every digit survived the trip; anything else, or text that could change the URL or is not
 * printable ASCII, is refused with the reason.
 */
export function readPathId(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): { id: string; problem?: undefined } | { id: string | undefined; problem: string } {
	const raw: unknown = context.getNodeParameter(parameter, itemIndex);
	if (typeof raw === 'number' && !Number.isSafeInteger(raw)) {
		// 12345678901234567890 arrives as 12345678901234567000: another ID. Only text keeps every digit.
		return {
			id: undefined,
			problem: `the ${label} is the number ${raw}, which cannot be an exact ID (too large to be exact, or not a whole number); pass it as text`,
		};
	}
	const id = typeof raw === 'number' ? String(raw) : raw;
	if (typeof id !== 'string') return { id: undefined, problem: `the ${label} is not text` };
	const unsafe = whyUnsafePathSegment(id);
	return unsafe ? { id, problem: `the ${label} ${unsafe.replace(/^it /, '')}` } : { id };
}

/** Reads the Routing ID (x-routing-id header); refuses line breaks and other header-breaking text. */
export function readRoutingId(
	context: IExecuteFunctions,
	itemIndex: number,
): { routingId: string; problem?: string } {
	const raw: unknown = context.getNodeParameter('routingId', itemIndex, '');
	if (raw !== null && raw !== undefined && typeof raw !== 'string' && typeof raw !== 'number') {
		return { routingId: '', problem: 'the Routing ID is not text' };
	}
	const routingId = String(raw ?? '');
	const unsafe = whyUnsafeHeaderValue(routingId);
	return {
		routingId,
		problem: unsafe ? `the Routing ID ${unsafe.replace(/^it /, '')}` : undefined,
	};
}

/** What a failure message names: the resource, the item's id if any, and the session's environment. */
export function subjectOf(session: JuspaySession, resource: string, id?: string): FailureSubject {
	return { resource, id, environment: session.environment, timeoutMs: session.timeoutMs };
}

type ItemTarget =
	| { ok: true; id: string; routingId: string | undefined; subject: FailureSubject }
	| { ok: false; refused: ItemResult };

/**
 * Reads the id that goes into the path and the Routing ID of one item, refusing either when it is
 * unsafe to send.
 */
export function readItemTarget(
	context: IExecuteFunctions,
	session: JuspaySession,
	itemIndex: number,
	target: { resource: string; parameter: string; label: string },
): ItemTarget {
	const { id, problem } = readPathId(context, target.parameter, target.label, itemIndex);
	const { routingId, problem: routingProblem } = readRoutingId(context, itemIndex);
	const subject = subjectOf(session, target.resource, id);
	if (problem !== undefined) return { ok: false, refused: refuse(subject, problem) };
	if (routingProblem) return { ok: false, refused: refuse(subject, routingProblem) };
	return { ok: true, id, routingId: routingId || undefined, subject };
}
