'use strict';
// The stop error of a finished run (IRun from WorkflowExecute.run). Node outputs are read with the
// project's one output reader, tools/n8n/output.js (nodeOutput, nodeOutputs), re-exported by ./index.js.

/**
 * The error that stopped the run, or undefined.
 *
 * n8n-core 2.41 records it in resultData.error (and on the failing node's task as
 * runData[node][i].error) as a *copy*: `{ ...error, message, stack }`. The copy keeps every own
 * property (name, description, httpCode, context, node, ...) but not the prototype, so
 * `instanceof NodeApiError` is false on it. When the harness saw the node throw that very error
 * (see index.js, `thrownErrors`), this returns the thrown instance instead; otherwise the copy.
 */
function getStopError(run, thrownErrors = []) {
	const recorded = run.data.resultData.error;
	if (!recorded) return undefined;
	const thrown = [...thrownErrors]
		.reverse()
		.find(
			(e) =>
				e &&
				e.message === recorded.message &&
				(recorded.name === undefined || recorded.name === e.name),
		);
	return thrown ?? recorded;
}

module.exports = { getStopError };
