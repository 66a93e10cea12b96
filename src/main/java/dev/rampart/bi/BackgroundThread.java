package dev.rampart.bi;

import org.jspecify.annotations.Nullable;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.SmartLifecycle;

/**
 * One daemon thread of the server's own (the projector's, the upkeep's), started with the
 * application and stopped before it: never in an operator command (the CLI does its one
 * thing and exits).
 */
abstract class BackgroundThread implements SmartLifecycle {

	private final String name;

	@Value("${rampart.cli:false}")
	private boolean cli;

	private volatile boolean running;

	private @Nullable Thread thread;

	BackgroundThread(String name) {
		this.name = name;
	}

	/**
	 * The thread's work; returns when {@link #running()} turns false or it is
	 * interrupted.
	 */
	abstract void loop();

	/** Whether this installation wants the thread at all. */
	boolean wanted() {
		return true;
	}

	/** After the thread has ended. */
	void stopped() {
	}

	final boolean running() {
		return running;
	}

	@Override
	public final void start() {
		if (cli || !wanted()) {
			return;
		}
		running = true;
		Thread t = new Thread(this::loop, name);
		t.setDaemon(true);
		t.start();
		thread = t;
	}

	@Override
	public final void stop() {
		running = false;
		Thread t = thread;
		if (t != null) {
			t.interrupt();
			try {
				t.join(10_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		stopped();
	}

	@Override
	public final boolean isRunning() {
		return running;
	}

}
