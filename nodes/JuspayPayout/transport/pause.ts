import { sleep } from 'n8n-workflow';

/**
 * Waiting that a stopped execution can end. n8n's `sleep` cannot be interrupted, and `sleepWithAbort` is
 * not exported by every n8n version we support, so long waits are taken in short steps, checking the
 * execution's cancel signal (and an optional condition) between them, and ended early by its abort event.
 */
const STEP_MS = 250;

/** The execution's cancel signal, when this n8n version has one. */
export type CancelSignal = AbortSignal | undefined;

export function isAborted(signal: CancelSignal): boolean {
	return signal?.aborted === true;
}

function whenAborted(signal: CancelSignal): { promise: Promise<void>; dispose: () => void } {
	if (!signal) return { promise: new Promise<void>(() => {}), dispose: () => {} };
	let onAbort = () => {};
	const promise = new Promise<void>((resolve) => {
		onAbort = () => resolve();
		signal.addEventListener('abort', onAbort, { once: true });
	});
	return { promise, dispose: () => signal.removeEventListener('abort', onAbort) };
}

/**
 * Waits `ms`, or less when the execution is stopped or `done()` becomes true. Returns false when it
 * ended because the execution was stopped.
 */
export async function pause(
	ms: number,
	signal: CancelSignal,
	done: () => boolean = () => false,
): Promise<boolean> {
	const until = Date.now() + ms;
	const aborted = whenAborted(signal);
	try {
		for (;;) {
			if (isAborted(signal)) return false;
			if (done()) return true;
			const remaining = until - Date.now();
			if (remaining <= 0) return true;
			await Promise.race([sleep(Math.min(STEP_MS, remaining)), aborted.promise]);
		}
	} finally {
		aborted.dispose();
	}
}
