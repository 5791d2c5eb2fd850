import type { IExecuteFunctions, INodeExecutionData } from 'n8n-workflow';
import { NodeOperationError } from 'n8n-workflow';

import type { JuspaySession } from '../transport';
import { createSession } from '../transport';
import * as account from './account';
import {
	alreadySentNote,
	asStopError,
	toErrorItem,
	toNodeApiError,
	unexpectedErrorItem,
} from './errorOutput';
import * as fulfillment from './fulfillment';
import { readRunSettings } from './options';
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

/**
 * Items worked on at once. Larger than the request bound on purpose: an item that is waiting (a retry
 * pause, or polling for an outcome) holds no request slot, and the slots are what Juspay sees.
 */
const ITEM_WINDOW = 500;

type Settled = { itemIndex: number; result: ItemResult } | { itemIndex: number; thrown: unknown };

/**
 * Runs every input item through its operation. For every input item exactly one of: one item on the
 * success output; one item on the error output (On Error = continue); or the run fails with the error
 * of the earliest failed item (On Error = stop). Items run side by side; requests are bounded by the
 * Concurrency option across all of them. Under stop, no new item starts after the first failure and
 * nothing more is sent; the ones in flight finish. A run never ends with fewer items than it was given
 * without failing.
 */
export async function router(this: IExecuteFunctions): Promise<INodeExecutionData[][]> {
	const items = this.getInputData();
	// As an AI agent's tool, a failure must reach the model as a result it can act on: thrown, it ends the
	// whole agent run on n8n 2.8.4 and 1.123.81.
	const continueOnFail = this.continueOnFail() || this.getNode().type.endsWith('Tool');

	let session: JuspaySession;
	try {
		const settings = readRunSettings(this);
		session = await createSession.call(this, { ...settings, haltOnFailure: !continueOnFail });
	} catch (error) {
		// Throwing here under a continue setting would pass the input items on as if they had succeeded.
		if (!continueOnFail) throw asStopError(this.getNode(), error, 0);
		return [items.map((_, itemIndex) => unexpectedErrorItem(error, itemIndex, []))];
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
	let stopped = false;
	// One loop starts the items in order, each about when its request can go out (slots.ready()): read
	// hundreds of items ahead, their parameters held n8n's one thread as a run started. At most
	// ITEM_WINDOW items are under way at once.
	let active = 0;
	let wakeStarter: (() => void) | undefined;
	const itemEnded = () => {
		active--;
		const wake = wakeStarter;
		wakeStarter = undefined;
		wake?.();
	};
	const untilAnItemEnds = () => new Promise<void>((resolve) => (wakeStarter = resolve));
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		await session.slots.ready();
		while (active >= ITEM_WINDOW) await untilAnItemEnds();
		if (stopped) break;
		active++;
		void runItem(this, execute, session, itemIndex).then((outcome) => {
			settled[itemIndex] = outcome;
			if (!continueOnFail && !stopped && isFailure(outcome)) {
				stopped = true;
				session.slots.halt();
			}
			itemEnded();
		});
	}
	while (active > 0) await untilAnItemEnds();

	const output: INodeExecutionData[] = [];
	let firstMissing: number | undefined;
	for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
		const outcome = settled[itemIndex];
		if (outcome === undefined || isHalted(outcome)) {
			// Never started, or never sent, because the run is stopping on an earlier failure.
			firstMissing ??= itemIndex;
			continue;
		}
		if ('thrown' in outcome) {
			if (!continueOnFail) {
				const note = alreadySentNote(sentItems(settled, itemIndex));
				throw asStopError(this.getNode(), outcome.thrown, itemIndex, note);
			}
			output.push(unexpectedErrorItem(outcome.thrown, itemIndex, session.secrets));
		} else if (outcome.result.ok) {
			output.push({ json: outcome.result.json, pairedItem: { item: itemIndex } });
		} else if (continueOnFail) {
			const { failure, subject } = outcome.result;
			output.push(toErrorItem(failure, subject, itemIndex, session));
		} else {
			const { failure, subject } = outcome.result;
			const note = alreadySentNote(sentItems(settled, itemIndex));
			throw toNodeApiError(this.getNode(), failure, subject, itemIndex, session, note);
		}
	}
	if (firstMissing !== undefined) {
		// Only reachable if an item was halted without any item failing: never end a run short silently.
		throw new NodeOperationError(
			this.getNode(),
			`Item ${firstMissing} was not processed, and no item reported why`,
			{
				itemIndex: firstMissing,
				description: `${items.length - output.length} of ${items.length} items have no result. This is a bug in the Juspay Payout node: please report it. Check the order status of the items before running the workflow again.`,
			},
		);
	}
	return [output];
}

async function runItem(
	context: IExecuteFunctions,
	execute: JuspayOperation['execute'],
	session: JuspaySession,
	itemIndex: number,
): Promise<Settled> {
	try {
		return { itemIndex, result: await execute.call(context, itemIndex, session) };
	} catch (thrown) {
		// Not a Juspay answer: an expression that failed, a parameter that could not be read.
		return { itemIndex, thrown };
	}
}

/** The items, other than `failedIndex`, that sent Juspay something it may have acted on. */
function sentItems(settled: Settled[], failedIndex: number): number[] {
	return settled.flatMap((outcome, index) => {
		if (index === failedIndex || outcome === undefined || 'thrown' in outcome) return [];
		const { result } = outcome;
		const reached = result.ok || (result.failure.tries ?? 0) > 0 || result.failure.mayHaveActed;
		return reached ? [index] : [];
	});
}

function isFailure(outcome: Settled): boolean {
	return 'thrown' in outcome || (!outcome.result.ok && outcome.result.failure.reason !== 'halted');
}

function isHalted(outcome: Settled): boolean {
	return 'result' in outcome && !outcome.result.ok && outcome.result.failure.reason === 'halted';
}
