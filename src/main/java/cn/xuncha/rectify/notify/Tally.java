package cn.xuncha.rectify.notify;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** What the notifications came to so far, and how many are still on their way ({@link Notifier.Stats}). */
final class Tally {

	final AtomicLong sent = new AtomicLong();
	final AtomicLong failed = new AtomicLong();
	final AtomicLong failedAttempts = new AtomicLong();
	final AtomicLong skipped = new AtomicLong();
	final AtomicLong logged = new AtomicLong();
	final AtomicLong dropped = new AtomicLong();

	private final AtomicInteger pending = new AtomicInteger();
	private final Object idle = new Object();

	/** A notification was handed to the pool. */
	void started() {
		pending.incrementAndGet();
	}

	/** A notification left the pool: sent, given up on or dropped. */
	void finished() {
		finished(1);
	}

	void finished(int count) {
		synchronized (idle) {
			pending.addAndGet(-count);
			idle.notifyAll();
		}
	}

	int pending() {
		return pending.get();
	}

	boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (idle) {
			while (pending.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(idle, left);
			}
			return true;
		}
	}

	Notifier.Stats stats() {
		return new Notifier.Stats(sent.get(), failed.get(), failedAttempts.get(), skipped.get(), logged.get(),
				dropped.get(), pending.get());
	}
}
