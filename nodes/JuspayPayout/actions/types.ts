import type { IDataObject, IExecuteFunctions, INodeProperties } from 'n8n-workflow';

import type { FailureSubject, JuspayFailure } from '../helpers/errors';
import type { JuspayConnection } from '../transport';

/** One input item's result. Failures are values, so the router alone decides: error item, or stop. */
export type ItemResult =
	| { ok: true; json: IDataObject }
	| { ok: false; failure: JuspayFailure; subject: FailureSubject };

export interface JuspayOperation {
	/** The operation's parameters, each shown only for its resource and operation. */
	description: INodeProperties[];
	/** Does one input item's work. */
	execute(this: IExecuteFunctions, itemIndex: number, connection: JuspayConnection): Promise<ItemResult>;
}
