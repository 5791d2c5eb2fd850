/**
 * A counting semaphore: at most `limit` requests to Juspay in flight for one node run, whichever
 * operation or item sends them (cancels, order-status polls, retries). Waiters are served first come,
 * first served, so items go out in input order.
 */
export class RequestSlots {
	private inFlight = 0;

	private readonly waiting: Array<() => void> = [];

	constructor(readonly limit: number) {}

	async run<T>(task: () => Promise<T>): Promise<T> {
		await this.acquire();
		try {
			return await task();
		} finally {
			this.release();
		}
	}

	private async acquire(): Promise<void> {
		if (this.inFlight < this.limit) {
			this.inFlight++;
			return;
		}
		// The releasing request hands its slot straight to the next waiter: inFlight stays the same.
		await new Promise<void>((resolve) => this.waiting.push(resolve));
	}

	private release(): void {
		const next = this.waiting.shift();
		if (next) next();
		else this.inFlight--;
	}
}
