/**
 * The one place that emits failures: as an item for n8n's error output (On Error = continue) or as the
 * error that stops the run. Both carry the same words and fields, and every string in them is redacted.
 */
import type { IDataObject, INode, INodeExecutionData, JsonObject } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { redactJson, redactText } from '../helpers/secrets';
import type { JuspayFailure, RedactionContext } from '../transport/failures';
import { mayHaveActed } from '../transport/failures';
import { describeFailure } from './failureMessages';
import type { FailureSubject } from './types';

/** The fields a workflow reads on the error branch (`$json.error.errorCode`, …). */
function errorDetails(
	failure: JuspayFailure,
	subject: FailureSubject,
	described: { message: string; description: string },
): IDataObject {
	const details: IDataObject = {
		message: described.message,
		description: described.description,
		reason: failure.reason,
		httpCode: failure.httpCode ?? null,
		errorCode: failure.errorCode ?? null,
		errorMessage: failure.errorMessage ?? null,
		userMessage: failure.userMessage ?? null,
	};
	if (subject.id !== undefined) details[`${subject.resource}Id`] = subject.id;
	if (failure.retryAfterSeconds !== undefined)
		details.retryAfterSeconds = failure.retryAfterSeconds;
	details.tries = failure.tries ?? 0;
	if (failure.attempts?.length) details.attempts = failure.attempts;
	details.mayHaveActed = failure.mayHaveActed ?? mayHaveActed(failure);
	return details;
}

/** The message, description and fields of a failure, with every secret redacted. */
function render(failure: JuspayFailure, subject: FailureSubject, context: RedactionContext) {
	const described = describeFailure(failure, subject);
	const message = redactText(described.message, context.secrets);
	const details = redactJson(errorDetails(failure, subject, described), context.secrets);
	return { message, description: details.description as string, details };
}

/**
 * An item for n8n's error output. n8n routes an item there only when its json has nothing but `error`
 * and `message` (`details` only from n8n 2.36), so everything else lives inside `error`. n8n then merges
 * the paired input item's fields under it.
 */
export function toErrorItem(
	failure: JuspayFailure,
	subject: FailureSubject,
	itemIndex: number,
	context: RedactionContext,
): INodeExecutionData {
	const { message, details } = render(failure, subject, context);
	return { json: { error: details, message }, pairedItem: { item: itemIndex } };
}

/** The error that stops the run; `note` adds what the run had done before it stopped. */
export function toNodeApiError(
	node: INode,
	failure: JuspayFailure,
	subject: FailureSubject,
	itemIndex: number,
	context: RedactionContext,
	note?: string,
): NodeApiError {
	const { message, description, details } = render(failure, subject, context);
	return new NodeApiError(node, details as JsonObject, {
		message,
		description: note ? `${description} ${note}` : description,
		httpCode: failure.httpCode === undefined ? undefined : String(failure.httpCode),
		itemIndex,
	});
}

/**
 * Under stop, n8n drops the output of a node that fails: the items that Juspay already received are
 * named in the error, so nobody takes the failed run for "nothing happened".
 */
export function alreadySentNote(sentItems: number[]): string | undefined {
	if (sentItems.length === 0) return undefined;
	const several = sentItems.length > 1;
	const shown = sentItems.slice(0, 10).join(', ') + (sentItems.length > 10 ? ', …' : '');
	return `Before the run stopped, ${sentItems.length} other item${several ? 's' : ''} had already been sent to Juspay (item${several ? 's' : ''} ${shown}); their results are not in the output, so check their status before running the workflow again.`;
}

/**
 * A thrown error that is not a Juspay failure (an expression that failed), as the error that stops the
 * run; `note` (alreadySentNote) is added to its description.
 */
export function asStopError(node: INode, error: unknown, itemIndex: number, note?: string): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) {
		if (note) error.description = error.description ? `${error.description} ${note}` : note;
		return error;
	}
	return new NodeOperationError(node, error as Error, { itemIndex, description: note });
}

/** The same, as an item for the error output (reason `node_error`). */
export function unexpectedErrorItem(
	error: unknown,
	itemIndex: number,
	secrets: readonly string[],
): INodeExecutionData {
	const message = redactText(error instanceof Error ? error.message : String(error), secrets);
	const description =
		error && typeof error === 'object' && 'description' in error
			? String((error as { description?: unknown }).description ?? '')
			: '';
	return {
		json: {
			error: redactJson(
				{ message, description: description || null, reason: 'node_error', tries: 0 },
				secrets,
			),
			message,
		},
		pairedItem: { item: itemIndex },
	};
}
