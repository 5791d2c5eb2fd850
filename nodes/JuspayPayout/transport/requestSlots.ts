/**
 * A counting semaphore: at most `limit` requests to Juspay in flight for one node run, whichever
 * operation or item sends them (cancels, order-status polls, retries). Waiters are served first come,
 * first served, so items go out in input order; a retry is served before any new request, so that an
 * item Juspay refused with 429 is not starved by the items behind it.
 *
 * `halt()` is for a run that is stopping on an error: requests already sent finish, but nothing that
 * is still waiting for a slot is sent any more.
 */
export class RequestSlots {
	private inFlight = 0;

	private halted = false;

	private readonly waiting: Array<(granted: boolean) => void> = [];

	constructor(readonly limit: number) {}

	/**
	 * Runs `task` in a slot, or returns `whenHalted` without running it once the run is halted.
	 * `retry` marks a request that was sent before: it goes to the front of the queue.
	 */
	async run<T, H>(task: () => Promise<T>, whenHalted: H, retry = false): Promise<T | H> {
		if (!(await this.acquire(retry))) return whenHalted;
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	halt(): void {
		this.halted = true;
		for (const waiter of this.waiting.splice(0)) waiter(false);
	}

	private async acquire(retry: boolean): Promise<boolean> {
		if (this.halted) return false;
		if (this.inFlight < this.limit) {
			this.inFlight++;
			return true;
		}
		// The releasing request hands its slot straight to the next waiter: inFlight stays the same.
		return await new Promise<boolean>((resolve) =>
			retry ? this.waiting.unshift(resolve) : this.waiting.push(resolve),
		);
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next(true);
		else this.inFlight--;
	}
}
