'use strict';
// Reading a finished run (IRun from WorkflowExecute.run) the way a test wants it.

/**
 * A node's output items per output index: [[items on output 0], [items on output 1], ...].
 * Output 1 exists for a node whose On Error is "continueErrorOutput" (n8n adds the error output).
 * Returns [] when the node did not run (or did not reach a result in that run).
 */
function getNodeOutputs(run, nodeName, runIndex = 0) {
	const task = run.data.resultData.runData[nodeName]?.[runIndex];
	const main = task?.data?.main;
	return Array.isArray(main) ? main.map((items) => items ?? []) : [];
}

/** Items on one output of a node ([] when there are none). */
function getNodeOutput(run, nodeName, outputIndex = 0, runIndex = 0) {
	return getNodeOutputs(run, nodeName, runIndex)[outputIndex] ?? [];
}

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

module.exports = { getNodeOutputs, getNodeOutput, getStopError };
