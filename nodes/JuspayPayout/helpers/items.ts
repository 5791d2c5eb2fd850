import type { IExecuteFunctions } from 'n8n-workflow';

import type { ItemResult } from '../actions/types';
import type { FailureSubject } from './errors';
import { whyUnsafeHeaderValue, whyUnsafePathSegment } from './pathSegment';

/** A failure found before sending anything for this item. */
export function refuse(subject: FailureSubject, detail: string): ItemResult {
	return { ok: false, failure: { reason: 'invalid_input', detail, tries: 0 }, subject };
}

/**
 * Reads an ID parameter that goes into the URL path. Numbers (from expressions or sheets) become text;
 * anything else, or text that could change the URL, is refused with the reason.
 */
export function readPathId(
	context: IExecuteFunctions,
	parameter: string,
	label: string,
	itemIndex: number,
): { id: string; problem?: undefined } | { id: string | undefined; problem: string } {
	const raw: unknown = context.getNodeParameter(parameter, itemIndex);
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
	const routingId = String(context.getNodeParameter('routingId', itemIndex, '') ?? '');
	const unsafe = whyUnsafeHeaderValue(routingId);
	return { routingId, problem: unsafe ? `the Routing ID ${unsafe.replace(/^it /, '')}` : undefined };
}
