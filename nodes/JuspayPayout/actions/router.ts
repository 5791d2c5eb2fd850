import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { toErrorItem, toNodeApiError } from '../helpers/errors';
import type { JuspayConnection, RequestPolicy } from '../transport';
import { getJuspayConnection } from '../transport';
import * as account from './account';
import * as fulfillment from './fulfillment';
import * as order from './order';
import * as outage from './outage';
import type { ItemResult, JuspayOperation } from './types';

/** Every operation, by resource and operation name, as chosen in the node's parameters. */
const operations: Record<string, Record<string, JuspayOperation['execute']>> = {
	account: { getBalance: account.getBalance.execute },
	fulfillment: { cancel: fulfillment.cancel.execute },
	order: { get: order.get.execute },
	outage: { get: outage.get.execute },
};

/** Also the defaults shown in the node's Options; keep both in step. */
const DEFAULT_POLICY = { timeoutMs: 30_000, maxTries: 4, concurrency: 10, rateLimitWaitMs: 300_000 };

/**
 * Items worked on at once. Larger than the request bound on purpose: an item that is waiting (a retry
 * pause, or polling for an outcome) holds no request slot, and the slots are what Juspay sees.
 */
const ITEM_WINDOW = 500;

type Settled = { itemIndex: number; result: ItemResult } | { itemIndex: number; thrown: unknown };

/**
 * Runs every input item through its operation and returns exactly one output item per input item, in
 * input order. Items run side by side; requests are bounded by the Concurrency option across all of
 * them. With On Error set to continue, a failed item becomes an error item (n8n moves it to the error
 * output). Otherwise no new item starts after the first failure, the ones in flight finish, and the
 * run stops with the error of the earliest failed item.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	const continueOnFail = this.continueOnFail();

	let connection: JuspayConnection;
	try {
		connection = await getJuspayConnection.call(this, readPolicy(this, continueOnFail));
	} catch (error) {
		// Throwing here under a continue setting would pass the input items on as if they had succeeded.
		if (!continueOnFail) throw asNodeError(this, error, 0);
		return [items.map((_, itemIndex) => unexpectedErrorItem(error, itemIndex))];
	}

	// Resource and operation cannot be expressions (noDataExpression): the same for every item.
	const resource = this.getNodeParameter('resource', 0) as string;
	const operation = this.getNodeParameter('operation', 0) as string;
	const execute = operations[resource]?.[operation];
	if (!execute) {
		throw new NodeOperationError(
			this.getNode(),
			`The operation "${operation}" of resource "${resource}" is not supported`,
			{ description: 'Open the node and choose a resource and operation from the lists again.' },
		);
	}

	const settled: Settled[] = new Array(items.length);
	let next = 0;
	let stopped = false;
	const worker = async () => {
		while (!stopped && next < items.length) {
			const itemIndex = next++;
			const outcome = await runItem(this, execute, connection, itemIndex);
			settled[itemIndex] = outcome;
			const failed = 'thrown' in outcome || !outcome.result.ok;
			if (failed && !continueOnFail && !stopped) {
				stopped = true;
				connection.slots.halt();
			}
		}
	};
	await Promise.all(Array.from({ length: Math.min(ITEM_WINDOW, items.length) }, worker));

	const output: INodeExecutionData[] = [];
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = settled[itemIndex];
		// Never started, or never sent because the run is stopping: an earlier item's error is thrown below.
		if (outcome === undefined || isHalted(outcome)) continue;
		if ('thrown' in outcome) {
			if (!continueOnFail) throw asNodeError(this, outcome.thrown, itemIndex);
			output.push(unexpectedErrorItem(outcome.thrown, itemIndex));
		} else if (outcome.result.ok) {
			output.push({ json: outcome.result.json, pairedItem: { item: itemIndex } });
		} else if (continueOnFail) {
			output.push(toErrorItem(outcome.result.failure, outcome.result.subject, itemIndex));
		} else {
			const { failure, subject } = outcome.result;
			throw toNodeApiError(this.getNode(), failure, subject, itemIndex);
		}
	}
	return [output];
}

async function runItem(
	context: IExecuteFunctions,
	execute: JuspayOperation['execute'],
	connection: JuspayConnection,
	itemIndex: number,
): Promise<Settled> {
	try {
		return { itemIndex, result: await execute.call(context, itemIndex, connection) };
	} catch (thrown) {
		// Not a Juspay answer: an expression that failed, a parameter that could not be read.
		return { itemIndex, thrown };
	}
}

function isHalted(outcome: Settled): boolean {
	return 'result' in outcome && !outcome.result.ok && outcome.result.failure.reason === 'halted';
}

/** The request policy is the node's, not an item's: read it from the first item. */
function readPolicy(context: IExecuteFunctions, continueOnFail: boolean): RequestPolicy {
	const option = (name: string, fallback: number) =>
		context.getNodeParameter(`options.${name}`, 0, fallback) as number;
	return {
		timeoutMs: option('timeout', DEFAULT_POLICY.timeoutMs / 1000) * 1000,
		maxTries: Math.max(1, Math.floor(option('maxTries', DEFAULT_POLICY.maxTries))),
		rateLimitWaitMs:
			Math.max(0, option('rateLimitWait', DEFAULT_POLICY.rateLimitWaitMs / 1000)) * 1000,
		concurrency: Math.max(1, Math.floor(option('concurrency', DEFAULT_POLICY.concurrency))),
		haltOnFailure: !continueOnFail,
	};
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
