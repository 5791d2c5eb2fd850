/**
 * "Never twice": Juspay, like any webhook sender, may deliver the same event again (a retry after a
 * slow answer, a replay). The trigger remembers the ids of the events it started executions for, in a
 * bounded window, and ignores an id it has seen.
 *
 * Two memories, merged on every call:
 *  - the workflow's static data, which n8n saves to its database after each webhook call, so the window
 *    survives restarts and deactivation;
 *  - this n8n process's memory. n8n loads static data when a request arrives and writes it back after
 *    the node answers, so two requests in flight at once each see the other's id missing, and the later
 *    write drops the earlier one's id. The process memory closes that gap within one n8n process (the
 *    check and the record happen with no await in between), and each write carries both memories.
 */

/** [event id, when it was first seen (ms since epoch)]; stored oldest first */
export type SeenEvent = [string, number];

export interface DedupeLimits {
	windowMs: number;
	maxIds: number;
}

export const DEFAULT_LIMITS: DedupeLimits = { windowMs: 24 * 60 * 60 * 1000, maxIds: 10_000 };

function isSeenEvent(entry: unknown): entry is SeenEvent {
	return (
		Array.isArray(entry) &&
		typeof entry[0] === 'string' &&
		typeof entry[1] === 'number' &&
		Number.isFinite(entry[1])
	);
}

/** The ids seen in the window, oldest first (a Map keeps insertion order). */
export class SeenEvents {
	private firstSeen = new Map<string, number>();

	constructor(private readonly limits: DedupeLimits = DEFAULT_LIMITS) {}

	/**
	 * Adds what static data holds and this memory lacks (another process's ids, or ids from before a
	 * restart); an id in both keeps its earlier time. The result is what a prune of the union would
	 * keep. Entries out of the window and malformed ones (hand-edited data) are skipped.
	 */
	absorb(stored: unknown, now: number): void {
		if (!Array.isArray(stored)) return;
		let inOrder = true;
		// First the ids this memory knows: an earlier time from static data moves one back. The others
		// are collected, each at its earliest time (hand-edited static data may hold an id twice).
		const unknown = new Map<string, number>();
		for (const entry of stored) {
			if (!isSeenEvent(entry)) continue;
			const [id, at] = entry;
			if (now - at >= this.limits.windowMs) continue;
			const known = this.firstSeen.get(id) ?? unknown.get(id);
			if (known !== undefined && known <= at) continue;
			if (this.firstSeen.has(id)) {
				this.firstSeen.set(id, at);
				inOrder = false;
			} else unknown.set(id, at);
		}
		// Then the new ids. Once the memory is full, one older than everything it holds would be the
		// first the prune drops: skip it rather than sort it in (a process whose memory is full reads
		// the other processes' older ids on every call). Only after the moves above is "oldest" final
		// enough for that: an id moved back may itself be the next to go.
		let oldest = Infinity;
		let latest = -Infinity;
		for (const at of this.firstSeen.values()) {
			oldest = Math.min(oldest, at);
			latest = Math.max(latest, at);
		}
		for (const [id, at] of unknown) {
			if (this.firstSeen.size >= this.limits.maxIds && at < oldest) continue;
			this.firstSeen.set(id, at);
			if (at < latest) inOrder = false;
			latest = Math.max(latest, at);
			oldest = Math.min(oldest, at);
		}
		if (!inOrder) this.firstSeen = new Map([...this.firstSeen].sort((a, b) => a[1] - b[1]));
		this.prune(now);
	}

	/** Forgets ids older than the window, then the oldest beyond maxIds. */
	prune(now: number): void {
		for (const [id, at] of this.firstSeen) {
			const tooOld = now - at >= this.limits.windowMs;
			if (!tooOld && this.firstSeen.size <= this.limits.maxIds) break;
			this.firstSeen.delete(id);
		}
	}

	/** True when `id` is already in the window; otherwise records it. */
	checkAndRecord(id: string, now: number): boolean {
		this.prune(now);
		if (this.firstSeen.has(id)) return true;
		this.firstSeen.set(id, now);
		this.prune(now);
		return false;
	}

	/** What goes back into static data: plain JSON, oldest first. */
	toStored(): SeenEvent[] {
		return [...this.firstSeen];
	}
}

/** This process's memory, per workflow and trigger node (each bounded like the stored list). */
const processMemory = new Map<string, SeenEvents>();

/**
 * The one entry point: merges static data into this process's memory, checks and records `id`, and
 * returns the list to write back to static data.
 */
export function seenBefore(
	memoryKey: string,
	stored: unknown,
	id: string,
	now: number,
	limits: DedupeLimits = DEFAULT_LIMITS,
): { duplicate: boolean; seen: SeenEvent[] } {
	let memory = processMemory.get(memoryKey);
	if (memory === undefined) {
		memory = new SeenEvents(limits);
		processMemory.set(memoryKey, memory);
	}
	memory.absorb(stored, now);
	const duplicate = memory.checkAndRecord(id, now);
	return { duplicate, seen: memory.toStored() };
}
