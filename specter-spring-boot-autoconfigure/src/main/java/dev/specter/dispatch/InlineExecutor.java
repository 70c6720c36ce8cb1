package dev.specter.dispatch;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * Runs each task on the thread that submits it. A task submitted while this thread is
 * already running one (a mailbox rescheduling itself) runs after it, in a loop, not
 * nested: the stack stays flat however long a mailbox keeps being refilled.
 */
final class InlineExecutor implements Executor {

	static final InlineExecutor INSTANCE = new InlineExecutor();

	private static final ThreadLocal<ArrayDeque<Runnable>> RUNNING = new ThreadLocal<>();

	private InlineExecutor() {
	}

	@Override
	public void execute(Runnable task) {
		ArrayDeque<Runnable> queued = RUNNING.get();
		if (queued != null) {
			queued.add(task);
			return;
		}
		queued = new ArrayDeque<>();
		RUNNING.set(queued);
		try {
			Runnable next = task;
			while (next != null) {
				next.run();
				next = queued.poll();
			}
		}
		finally {
			RUNNING.remove();
		}
	}

}
