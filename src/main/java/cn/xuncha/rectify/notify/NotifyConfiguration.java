package cn.xuncha.rectify.notify;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableAsync;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;

/**
 * The thread pool that sends notification mails, so a slow or dead SMTP server never holds a request or a job.
 * <p>
 * Two threads (a mail is small; the server is the bottleneck) and a bounded queue of
 * {@code rectify.mail.queue-capacity} notifications waiting for a thread: beyond it {@link Notifier} drops new ones
 * with an ERROR instead of piling them up while the SMTP server is down. A thread also waits out the retry backoff of
 * its notification ({@link MailDelivery}), so while the server is down the queue fills faster. On shutdown the pool
 * does not wait: a notification still waiting for a retry or a thread is dropped with an ERROR.
 */
@Configuration(proxyBeanMethods = false)
@EnableAsync
class NotifyConfiguration {

	/** The bean name of the pool, as {@code @Async} names it. */
	static final String EXECUTOR = "notifyExecutor";

	private static final int THREADS = 2;

	@Bean(EXECUTOR)
	ThreadPoolTaskExecutor notifyExecutor(NotifyProperties properties) {
		ThreadPoolTaskExecutor executor = new ThreadPoolTaskExecutor();
		executor.setCorePoolSize(THREADS);
		executor.setMaxPoolSize(THREADS);
		executor.setQueueCapacity(Math.max(1, properties.mail().queueCapacity()));
		executor.setThreadNamePrefix("notify-");
		executor.setDaemon(true);
		executor.setWaitForTasksToCompleteOnShutdown(false);
		executor.setAwaitTerminationSeconds(5);
		return executor;
	}
}
