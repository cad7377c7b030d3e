package cn.xuncha.rectify.notify;

import java.time.Duration;

import org.camunda.bpm.engine.IdentityService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.core.task.TaskRejectedException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends the notices of the escalation ladder by e-mail, in Chinese, subject prefixed 【巡察整改督办】 and the body
 * followed by a line 办理链接：&lt;absolute link&gt;.
 * <p>
 * {@link #notify(Notification)} may be called from anywhere, typically inside a JavaDelegate or a transactional
 * service: it publishes the notification as an application event, which Spring hands back to this bean after the
 * current transaction commits (nothing if it rolls back; at once without a transaction). The mail then leaves on the
 * bounded pool of {@link NotifyConfiguration} with Spring Retry ({@link MailDelivery}), so the caller is never
 * blocked, never sees an exception and never has its transaction rolled back by a mail problem.
 * <p>
 * Recipients are Camunda user ids resolved to e-mail addresses through the {@link IdentityService} when sending;
 * unknown users and users without an address are skipped with a log line. Each recipient gets a mail of their own.
 * <p>
 * With {@code rectify.mail.enabled=false} (the demo default), or when no SMTP server is configured
 * ({@code spring.mail.host}), every notification is only logged at INFO with its recipients and subject.
 */
@Component
public class Notifier {

	static final String SUBJECT_PREFIX = "【巡察整改督办】";
	static final String LINK_LABEL = "办理链接：";

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);

	private final ApplicationEventPublisher events;
	private final MailDelivery mail;
	private final Tally tally;
	private final int queueCapacity;

	/**
	 * What happened so far, for tests and diagnostics.
	 *
	 * @param sent           mails accepted by the SMTP server
	 * @param failed         mails given up on after all attempts (or not retryable)
	 * @param failedAttempts attempts that failed, retried or not
	 * @param skipped        recipients without an e-mail address, or unknown
	 * @param logged         notifications only logged because mail is disabled
	 * @param dropped        notifications dropped because the queue was full or the application was stopping
	 * @param pending        notifications being sent, waiting for a thread or for a retry
	 */
	record Stats(long sent, long failed, long failedAttempts, long skipped, long logged, long dropped,
			int pending) {
	}

	Notifier(ApplicationEventPublisher events, MailDelivery mail, NotifyProperties properties) {
		this.events = events;
		this.mail = mail;
		this.tally = mail.tally();
		this.queueCapacity = properties.mail().queueCapacity();
	}

	/**
	 * Sends the notification after the current transaction commits, or right away (still asynchronously) when no
	 * transaction is active. Never blocks, never throws.
	 */
	public void notify(Notification notification) {
		if (notification == null) {
			log.warn("Ignored a null notification");
			return;
		}
		try {
			events.publishEvent(notification);
		}
		catch (RuntimeException e) {
			log.error("Notification not sent: {}", MailDelivery.describe(notification), e);
		}
	}

	/** After the commit (an exception here would only be logged by Spring): log, drop or hand to the pool. */
	@TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
	void afterCommit(Notification notification) {
		try {
			if (!mail.sending()) {
				tally.logged.incrementAndGet();
				log.info("[mail disabled] notification to {}: {}", notification.userIds(),
						MailDelivery.subject(notification));
				return;
			}
			if (notification.userIds().isEmpty()) {
				log.info("Notification without recipients not sent: {}", MailDelivery.subject(notification));
				return;
			}
			tally.started();
			try {
				mail.deliver(notification);
			}
			catch (TaskRejectedException e) {
				tally.dropped.incrementAndGet();
				tally.finished();
				log.error("Notification dropped, {}: {}", mail.stopping() ? "the application is stopping"
						: "the queue of " + queueCapacity + " notifications is full", MailDelivery.describe(notification));
			}
		}
		catch (RuntimeException e) {
			log.error("Notification not sent: {}", MailDelivery.describe(notification), e);
		}
	}

	/** The counters so far. */
	Stats stats() {
		return tally.stats();
	}

	/**
	 * Waits until no notification is being sent or waiting for a thread or a retry (committed ones only: those
	 * published in a running transaction are not pending yet).
	 *
	 * @return false if the timeout elapsed first
	 */
	boolean awaitIdle(Duration timeout) throws InterruptedException {
		return tally.awaitIdle(timeout);
	}
}
