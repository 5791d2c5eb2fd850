import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { JuspaySession } from '../transport';
import type { JuspayFailure } from '../transport/failures';

/** What a failing call was about, for messages that name it. */
export interface FailureSubject {
	/** e.g. 'fulfillment' */
	resource: string;
	/** The id the user gave, when there is one. */
	id?: string;
	environment: string;
	timeoutMs: number;
}

/** One input item's result. Failures are values, so the router alone decides: error item, or stop. */
export type ItemResult =
	| { ok: true; json: IDataObject }
	| { ok: false; failure: JuspayFailure; subject: FailureSubject };

export interface JuspayOperation {
	/** The operation's parameters, each shown only for its resource and operation. */
	description: INodeProperties[];
	/** Does one input item's work. */
	execute(this: IExecuteFunctions, itemIndex: number, session: JuspaySession): Promise<ItemResult>;
}
