import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toErrorItem, toNodeApiError } from '../helpers/errors';
import type { JuspayConnection } from '../transport';
import { getJuspayConnection } from '../transport';
import * as fulfillment from './fulfillment';
import type { ItemResult, JuspayOperation } from './types';

/** Every operation, by resource and operation name, as chosen in the node's parameters. */
const operations: Record<string, Record<string, JuspayOperation['execute']>> = {
	fulfillment: { cancel: fulfillment.cancel.execute },
};

const DEFAULT_TIMEOUT_SECONDS = 30;

/**
 * Runs every input item through its operation and returns exactly one output item per input item, in
 * input order. With On Error set to continue, a failed item becomes an error item (n8n moves it to the
 * error output); otherwise the first failure stops the node with an error that names the item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();

	let connection: JuspayConnection;
	try {
		const timeoutSeconds = this.getNodeParameter('options.timeout', 0, DEFAULT_TIMEOUT_SECONDS) as number;
		connection = await getJuspayConnection.call(this, timeoutSeconds * 1000);
	} catch (error) {
		// Throwing here under a continue setting would pass the input items on as if they had succeeded.
		if (!continueOnFail) throw asNodeError(this, error, 0);
		return [items.map((_, itemIndex) => unexpectedErrorItem(error, itemIndex))];
	}

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		let result: ItemResult;
		try {
			const resource = this.getNodeParameter('resource', itemIndex) as string;
			const operation = this.getNodeParameter('operation', itemIndex) as string;
			const execute = operations[resource]?.[operation];
			if (!execute) {
				throw new NodeOperationError(
					this.getNode(),
					`The operation "${operation}" of resource "${resource}" is not supported`,
					{ itemIndex },
				);
			}
			result = await execute.call(this, itemIndex, connection);
		} catch (error) {
			// Not a Juspay answer: an expression that failed, a parameter that could not be read.
			if (!continueOnFail) throw asNodeError(this, error, itemIndex);
			output.push(unexpectedErrorItem(error, itemIndex));
			continue;
		}

		if (result.ok) {
			output.push({ json: result.json, pairedItem: { item: itemIndex } });
		} else if (continueOnFail) {
			output.push(toErrorItem(result.failure, result.subject, itemIndex));
		} else {
			throw toNodeApiError(this.getNode(), result.failure, result.subject, itemIndex);
		}
	}
	return [output];
}

function asNodeError(context: IExecuteFunctions, error: unknown, itemIndex: number): Error {
	if (error instanceof NodeOperationError || error instanceof NodeApiError) return error;
	return new NodeOperationError(context.getNode(), error as Error, { itemIndex });
}

function unexpectedErrorItem(error: unknown, itemIndex: number): INodeExecutionData {
	const message = error instanceof Error ? error.message : String(error);
	const description =
		error && typeof error === 'object' && 'description' in error
			? String((error as { description?: unknown }).description ?? '')
			: '';
	return {
		json: { error: { message, description: description || null, reason: 'node_error' }, message },
		pairedItem: { item: itemIndex },
	};
}
