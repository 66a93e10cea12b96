package dev.rampart.db;

import static org.assertj.core.api.Assertions.assertThat;

import dev.rampart.db.DatabaseAvailability.Failure;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/**
 * What a failure says about the database: gone, busy, or nothing (a bug or bad input,
 * answered as before).
 */
class DatabaseAvailabilityUnitTests {

	@Test
	void aLostOrRefusedConnectionIsAnOutage() {
		assertThat(DatabaseAvailability.classify(new DataAccessException("x", new SQLException("gone", "08006"))))
			.isEqualTo(Failure.OUTAGE);
		assertThat(DatabaseAvailability.classify(new CannotCreateTransactionException("x",
				new SQLTransientConnectionException("timed out", null, new SQLException("refused", "08001")))))
			.isEqualTo(Failure.OUTAGE);
		assertThat(DatabaseAvailability.classify(new SQLException("terminating connection", "57P01")))
			.isEqualTo(Failure.OUTAGE);
		assertThat(DatabaseAvailability.classify(new RuntimeException(new ConnectException("refused"))))
			.isEqualTo(Failure.OUTAGE);
		// A rollback on a connection the pool closed after the server broke it hides the
		// first failure.
		assertThat(DatabaseAvailability
			.classify(new TransactionSystemException("rollback failed", new SQLException("Connection is closed"))))
			.isEqualTo(Failure.OUTAGE);
		TransactionSystemException hiding = new TransactionSystemException("rollback failed",
				new SQLException("other"));
		hiding.initApplicationException(new DataAccessException("x", new SQLException("gone", "08006")));
		assertThat(DatabaseAvailability.classify(hiding)).isEqualTo(Failure.OUTAGE);
	}

	@Test
	void aPoolTimeOutWithoutAFailedConnectionIsOverloadNotOutage() {
		assertThat(DatabaseAvailability.classify(new CannotCreateTransactionException("x",
				new SQLTransientConnectionException("Connection is not available, request timed out after 1000ms"))))
			.isEqualTo(Failure.OVERLOAD);
		assertThat(DatabaseAvailability.classify(new SQLException("too many clients", "53300")))
			.isEqualTo(Failure.OVERLOAD);
	}

	@Test
	void otherFailuresSayNothingAboutTheDatabase() {
		assertThat(DatabaseAvailability
			.classify(new DataIntegrityViolationException("dup", new SQLException("duplicate key", "23505"))))
			.isEqualTo(Failure.OTHER);
		assertThat(DatabaseAvailability
			.classify(new SQLException("canceling statement due to statement timeout", "57014")))
			.isEqualTo(Failure.OTHER);
		assertThat(DatabaseAvailability.classify(new IllegalStateException("bug"))).isEqualTo(Failure.OTHER);
		assertThat(DatabaseAvailability.classify(null)).isEqualTo(Failure.OTHER);
	}

}
