import type { CancelSignal } from './pause';
import { isAborted, pause } from './pause';

/** Why a task was not run. */
type NotRun = 'halted' | 'cancelled' | 'expired';

type Waiter = (granted: true | NotRun) => void;

/**
 * A counting semaphore: at most `limit` requests to Juspay in flight for one node run, whichever
 * operation or item sends them (cancels, order-status polls, retries). Waiters are served first come,
 * first served, so items go out in input order; a retry is served before any new request, so that an
 * item Juspay refused with 429 is not starved by the items behind it.
 *
 * `halt()` is for a run that is stopping on an error, and the execution's cancel signal for a run the
 * user stopped: requests already sent finish, but nothing that is still waiting for a slot is sent.
 */
export class RequestSlots {
	private inFlight = 0;

	private stopped: NotRun | undefined;

	private readonly waiting: Waiter[] = [];

	constructor(
		readonly limit: number,
		private readonly signal?: CancelSignal,
	) {
		signal?.addEventListener('abort', () => this.stop('cancelled'), { once: true });
	}

	/**
	 * Runs `task` in a slot, or returns why not. `retry` marks a request that was sent before: it goes to
	 * the front of the queue. `notAfter` (epoch ms): give up waiting for a slot at that time.
	 */
	async run<T>(
		task: () => Promise<T>,
		{ retry = false, notAfter }: { retry?: boolean; notAfter?: number } = {},
	): Promise<{ ran: true; value: T } | { ran: false; why: NotRun }> {
		const granted = await this.acquire(retry, notAfter);
		if (granted !== true) return { ran: false, why: granted };
		try {
			return { ran: true, value: await task() };
		} finally {
			this.release();
		}
	}

	halt(): void {
		this.stop('halted');
	}

	private stop(why: NotRun): void {
		this.stopped ??= why;
		for (const waiter of this.waiting.splice(0)) waiter(why);
	}

	private async acquire(retry: boolean, notAfter: number | undefined): Promise<true | NotRun> {
		if (isAborted(this.signal)) this.stop('cancelled');
		if (this.stopped) return this.stopped;
		if (notAfter !== undefined && Date.now() >= notAfter) return 'expired';
		if (this.inFlight < this.limit) {
			this.inFlight++;
			return true;
		}
		// The releasing request hands its slot straight to the next waiter: inFlight stays the same.
		let settled: true | NotRun | undefined;
		const granted = new Promise<true | NotRun>((resolve) => {
			const waiter: Waiter = (outcome) => {
				settled = outcome;
				resolve(outcome);
			};
			if (retry) this.waiting.unshift(waiter);
			else this.waiting.push(waiter);
			if (notAfter !== undefined) void this.expireAt(waiter, notAfter, () => settled !== undefined);
		});
		return await granted;
	}

	/** Withdraws a waiter that is still queued at `notAfter`. */
	private async expireAt(waiter: Waiter, notAfter: number, settled: () => boolean): Promise<void> {
		await pause(notAfter - Date.now(), undefined, settled);
		const index = this.waiting.indexOf(waiter);
		if (index >= 0) {
			this.waiting.splice(index, 1);
			waiter('expired');
		}
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next(true);
		else this.inFlight--;
	}
}
