import type { AnswerSignal, ConcurrencyLimit } from './concurrencyLimit';
import type { CancelSignal } from './pause';
import { isAborted, pause } from './pause';

/** Why a task was not run. */
type NotRun = 'halted' | 'cancelled' | 'expired';

/** What a request was sent under: the limit's epoch and how many were in flight, itself included. */
interface SlotTicket {
	epoch: number;
	inFlight: number;
}

type Waiter = (granted: SlotTicket | NotRun) => void;

/**
 * A counting semaphore: at most `limit.limit` requests to Juspay in flight for one node run, whichever
 * operation or item sends them (cancels, order-status polls, retries). The limit is fixed (Concurrency
 * set to a number) or adapts to the answers it is told about (`observe`, Concurrency on Auto): when it
 * shrinks, the requests in flight finish and no new one goes out until they are under it; when it grows,
 * waiting requests go out at once. Waiters are served first come, first served, so items go out in input
 * order; a retry is served before any new request, so that an item Juspay refused with 429 is not
 * starved by the items behind it.
 *
 * `halt()` is for a run that is stopping on an error, and the execution's cancel signal for a run the
 * user stopped: requests already sent finish, but nothing that is still waiting for a slot is sent.
 */
export class RequestSlots {
	private inFlight = 0;

	private stopped: NotRun | undefined;

	private readonly waiting: Waiter[] = [];

	/** Callers of `ready()` waiting for the queue to shorten. */
	private readonly readyWaiters: Array<() => void> = [];

	constructor(
		readonly limit: ConcurrencyLimit,
		private readonly signal?: CancelSignal,
	) {
		signal?.addEventListener('abort', () => this.stop('cancelled'), { once: true });
	}

	/**
	 * Runs `task` in a slot, or returns why not. `retry` marks a request that was sent before: it goes to
	 * the front of the queue. `notAfter` (epoch ms): give up waiting for a slot at that time. The task gets
	 * the ticket it runs under, to `observe` its answer with.
	 */
	async run<T>(
		task: (ticket: SlotTicket) => Promise<T>,
		{ retry = false, notAfter }: { retry?: boolean; notAfter?: number } = {},
	): Promise<{ ran: true; value: T } | { ran: false; why: NotRun }> {
		const granted = await this.acquire(retry, notAfter);
		if (typeof granted === 'string') return { ran: false, why: granted };
		try {
			return { ran: true, value: await task(granted) };
		} finally {
			this.release();
		}
	}

	/**
	 * Resolves when the queue for slots is shorter than the limit (or the slots have stopped): when a
	 * new item's request would go out soon. The router waits for it before it starts the next item, so
	 * that items are read and prepared about when their turn comes, not hundreds ahead: that held n8n's
	 * one thread for a fifth of a second as a run started, and slowed the first answers it measures by.
	 */
	async ready(): Promise<void> {
		// Stopping empties the queue, and nothing queues after it: a stopped run is always ready.
		while (this.waiting.length >= this.limit.limit) {
			await new Promise<void>((resolve) => this.readyWaiters.push(resolve));
		}
	}

	/** Tells the limit how a request sent under `ticket` was answered; a limit that grew lets waiters go. */
	observe(ticket: SlotTicket, latencyMs: number, signal: AnswerSignal): void {
		this.limit.record({ ...ticket, latencyMs, signal });
		this.admit();
	}

	halt(): void {
		this.stop('halted');
	}

	private stop(why: NotRun): void {
		this.stopped ??= why;
		for (const waiter of this.waiting.splice(0)) waiter(why);
		for (const wake of this.readyWaiters.splice(0)) wake();
	}

	private async acquire(
		retry: boolean,
		notAfter: number | undefined,
	): Promise<SlotTicket | NotRun> {
		if (isAborted(this.signal)) this.stop('cancelled');
		if (this.stopped) return this.stopped;
		if (notAfter !== undefined && Date.now() >= notAfter) return 'expired';
		if (this.waiting.length === 0 && this.inFlight < this.limit.limit) return this.take();
		// Granted by admit() when a request in flight ends or the limit grows, in queue order.
		let settled: SlotTicket | NotRun | undefined;
		const granted = new Promise<SlotTicket | NotRun>((resolve) => {
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
			this.admit(); // a shorter queue: room for an item waiting in ready()
		}
	}

	private take(): SlotTicket {
		this.inFlight++;
		return { epoch: this.limit.epoch, inFlight: this.inFlight };
	}

	private release(): void {
		this.inFlight--;
		this.admit();
	}

	/** Lets waiters go, first in the queue first, while the requests in flight are under the limit. */
	private admit(): void {
		while (this.waiting.length > 0 && this.inFlight < this.limit.limit) {
			const next = this.waiting.shift() as Waiter;
			next(this.take());
		}
		// Each checks the queue again when it runs (ready()); there is at most one, the router's.
		for (const wake of this.readyWaiters.splice(0)) wake();
	}
}
