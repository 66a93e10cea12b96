package dev.rampart.db.internal;

import dev.rampart.db.DatabaseAvailability;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.task.SimpleAsyncTaskSchedulerCustomizer;
import org.springframework.boot.task.ThreadPoolTaskSchedulerCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.support.TaskUtils;
import org.springframework.util.ErrorHandler;

/**
 * Scheduled jobs (mail, checkpoints, re-encryption, housekeeping) that meet a database
 * outage log one line and run again at their next turn, instead of a stack trace every
 * few seconds; any other failure is logged in full as before.
 */
@Configuration(proxyBeanMethods = false)
class OutageTolerantScheduling {

	private static final Logger log = LoggerFactory.getLogger(OutageTolerantScheduling.class);

	@Bean
	SimpleAsyncTaskSchedulerCustomizer outageTolerantSimpleScheduler(DatabaseAvailability availability) {
		return scheduler -> scheduler.setErrorHandler(errorHandler(availability));
	}

	@Bean
	ThreadPoolTaskSchedulerCustomizer outageTolerantPoolScheduler(DatabaseAvailability availability) {
		return scheduler -> scheduler.setErrorHandler(errorHandler(availability));
	}

	private static ErrorHandler errorHandler(DatabaseAvailability availability) {
		return failure -> {
			if (availability.unavailable(failure)) {
				log.warn("A scheduled job waits for its next turn: the database is unavailable");
			}
			else {
				TaskUtils.LOG_AND_SUPPRESS_ERROR_HANDLER.handleError(failure);
			}
		};
	}

}
