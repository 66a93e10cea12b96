package dev.rampart.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.util.unit.DataSize;

class ConnectionGuardUnitTests {

	private static final int SHARE = 32;

	@Test
	void acceptorsRacingForTheLastSlotsNeverAdmitMoreThanTheShare() throws Exception {
		InetAddress peer = InetAddress.getByName("192.0.2.9");
		for (int round = 0; round < 200; round++) {
			ConnectionGuard guard = guard("");
			AtomicInteger admitted = new AtomicInteger();
			CountDownLatch start = new CountDownLatch(1);
			List<Thread> acceptors = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				Thread acceptor = new Thread(() -> {
					await(start);
					for (int i = 0; i < 20; i++) {
						if (guard.admit(peer)) {
							admitted.incrementAndGet();
						}
					}
				});
				acceptor.start();
				acceptors.add(acceptor);
			}
			start.countDown();
			for (Thread acceptor : acceptors) {
				acceptor.join();
			}
			assertThat(admitted).as("round %d", round).hasValue(SHARE);
			assertThat(guard.openFrom(peer)).isEqualTo(SHARE);
		}
	}

	@Test
	void aClosedConnectionGivesItsSlotBack() throws Exception {
		InetAddress peer = InetAddress.getByName("192.0.2.9");
		ConnectionGuard guard = guard("");
		for (int i = 0; i < SHARE; i++) {
			assertThat(guard.admit(peer)).isTrue();
		}
		assertThat(guard.admit(peer)).isFalse();
		guard.closed(peer);
		assertThat(guard.admit(peer)).isTrue();
		for (int i = 0; i < SHARE; i++) {
			guard.closed(peer);
		}
		assertThat(guard.openFrom(peer)).isZero();
	}

	@Test
	void aTrustedProxyIsCountedButNeverRefused() throws Exception {
		InetAddress proxy = InetAddress.getByName("10.0.0.7");
		ConnectionGuard guard = guard("10.0.0.7");
		for (int i = 0; i < SHARE * 3; i++) {
			assertThat(guard.admit(proxy)).isTrue();
		}
		assertThat(guard.openFrom(proxy)).isEqualTo(SHARE * 3);
	}

	private static ConnectionGuard guard(String trustedProxies) {
		WebSettings settings = new WebSettings(8443, 8080, DataSize.ofMegabytes(1), DataSize.ofMegabytes(26), 4096, 50,
				"127.0.0.1", SHARE, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMinutes(10),
				trustedProxies);
		return new ConnectionGuard(settings, new SimpleMeterRegistry());
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
