package cn.xuncha.rectify.notify;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the {@link Notifier}: {@code rectify.base-url} and {@code rectify.mail.*}. The SMTP server itself is
 * Spring's {@code spring.mail.*} (host, port, username, password, properties).
 *
 * @param baseUrl where users reach the application; relative links of a {@link Notification} are resolved against it
 * @param mail    the mail settings
 */
@ConfigurationProperties("rectify")
record NotifyProperties(@DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue Mail mail) {

	/**
	 * @param enabled       false (the demo default): every notification is only logged at INFO (recipients and
	 *                      subject), nothing is sent
	 * @param from          the sender address, may carry a name: {@code 巡察整改办 <zhenggai@example.cn>}
	 * @param queueCapacity at most this many notifications waiting to be sent (or retried); beyond it new ones are
	 *                      dropped with an ERROR instead of piling up while the SMTP server is down
	 * @param retry         the retries of a failed sending
	 */
	record Mail(@DefaultValue("false") boolean enabled, @DefaultValue("zhenggai@localhost") String from,
			@DefaultValue("1000") int queueCapacity, @DefaultValue Retry retry) {
	}

	/**
	 * @param attempts   how many times a mail is tried in all, the first try included (4: the first, then retries
	 *                   after 1 s, 5 s and 25 s)
	 * @param backoff    the wait before the first retry
	 * @param multiplier the factor between consecutive waits
	 */
	record Retry(@DefaultValue("4") int attempts, @DefaultValue("1s") Duration backoff,
			@DefaultValue("5") double multiplier) {
	}
}
