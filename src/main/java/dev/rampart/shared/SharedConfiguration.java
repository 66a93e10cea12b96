package dev.rampart.shared;

import java.nio.file.Path;
import java.time.Clock;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SharedConfiguration {

	@Bean
	RampartHome rampartHome(@Value("${rampart.home:}") String home) {
		return new RampartHome(RampartHome.parse(home));
	}

	@Bean
	Clock clock() {
		return Clock.systemUTC();
	}

}
