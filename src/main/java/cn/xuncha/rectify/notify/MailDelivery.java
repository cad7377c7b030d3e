package cn.xuncha.rectify.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import jakarta.annotation.PreDestroy;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.retry.RetryContext;
import org.springframework.retry.backoff.BackOffInterruptedException;
import org.springframework.retry.backoff.ExponentialBackOffPolicy;
import org.springframework.retry.support.RetrySynchronizationManager;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.scheduling.annotation.Async;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.stereotype.Component;

/**
 * Sends one notification by e-mail on the {@value NotifyConfiguration#EXECUTOR} pool: recipients resolved once
 * through the {@link IdentityService}, one mail each, and the recipients not yet served tried again with Spring Retry
 * ({@code rectify.mail.retry.*}: attempts, first backoff, multiplier; a wait is at most an hour). A mail that cannot
 * be built is not retried, nor is a refused login. Every retry is logged at WARN with its wait; giving up is an ERROR
 * naming the recipients, and both are counted ({@link Notifier#stats()}).
 */
@Component
class MailDelivery {

	private static final Logger log = LoggerFactory.getLogger(MailDelivery.class);
	private static final Pattern ABSOLUTE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
	private static final Duration MAX_BACKOFF = Duration.ofHours(1);
	/** Where a retry finds its delivery, for the WARN line before the wait. */
	private static final String DELIVERY = "notify.delivery";

	private final IdentityService identity;
	private final JavaMailSender mailSender;
	private final NotifyProperties properties;
	private final ThreadPoolTaskExecutor executor;
	private final RetryTemplate retry;
	private final Tally tally = new Tally();
	private final boolean sending;

	MailDelivery(IdentityService identity, ObjectProvider<JavaMailSender> mailSender, NotifyProperties properties,
			@Qualifier(NotifyConfiguration.EXECUTOR) ThreadPoolTaskExecutor executor) {
		this.identity = identity;
		this.mailSender = mailSender.getIfAvailable();
		this.properties = properties;
		this.executor = executor;
		boolean enabled = properties.mail().enabled();
		if (enabled && this.mailSender == null) {
			log.error("rectify.mail.enabled=true but no SMTP server is configured (spring.mail.host): "
					+ "notifications are only logged");
		}
		this.sending = enabled && this.mailSender != null;
		NotifyProperties.Retry settings = properties.mail().retry();
		ExponentialBackOffPolicy backOff = new ExponentialBackOffPolicy();
		backOff.setInitialInterval(Math.max(1, settings.backoff().toMillis()));
		backOff.setMultiplier(settings.multiplier());
		backOff.setMaxInterval(MAX_BACKOFF.toMillis());
		backOff.setSleeper(this::waitForRetry);
		this.retry = RetryTemplate.builder()
			.maxAttempts(attempts())
			.notRetryOn(MailAuthenticationException.class)
			.customBackoff(backOff)
			.build();
		if (sending) {
			log.info("Notifications are sent by e-mail from {} (retry: {} attempts, first backoff {})",
					properties.mail().from(), attempts(), settings.backoff());
		}
		else {
			log.info("Mail is disabled (rectify.mail.enabled): notifications are only logged");
		}
	}

	/** False when mail is disabled or no SMTP server is configured: notifications are then only logged. */
	boolean sending() {
		return sending;
	}

	Tally tally() {
		return tally;
	}

	/** Whether the pool no longer takes notifications because the application stops. */
	boolean stopping() {
		var pool = executor.getThreadPoolExecutor();
		return pool == null || pool.isShutdown();
	}

	/** Sends the notification, retrying as configured; the caller has counted it as started. */
	@Async(NotifyConfiguration.EXECUTOR)
	void deliver(Notification notification) {
		Delivery delivery = new Delivery(notification);
		try {
			retry.execute(context -> {
				context.setAttribute(DELIVERY, delivery);
				delivery.attempt();
				return null;
			}, context -> {
				delivery.giveUp(context.getRetryCount(), context.getLastThrowable());
				return null;
			});
		}
		catch (BackOffInterruptedException e) {
			tally.dropped.incrementAndGet();
			log.error("Notification not sent, the application stopped while it waited for a retry: {}",
					describe(notification));
		}
		catch (Throwable e) {
			log.error("Notification not sent: {}", describe(notification), e);
		}
		finally {
			tally.finished();
		}
	}

	/**
	 * Stops the pool before Spring does (this bean depends on it), so what never left is known: notifications still
	 * waiting for a thread are dropped with an ERROR, as are those waiting for a retry (see {@link #deliver}).
	 */
	@PreDestroy
	void stop() {
		executor.shutdown();
		int left = tally.pending();
		if (left > 0) {
			log.error("{} notification(s) not sent: the application stopped while they waited to be sent", left);
			tally.dropped.addAndGet(left);
			tally.finished(left);
		}
	}

	/** The wait before a retry, from Spring Retry's exponential backoff: logged here, where its length is known. */
	private void waitForRetry(long millis) throws InterruptedException {
		RetryContext context = RetrySynchronizationManager.getContext();
		if (context != null && context.getAttribute(DELIVERY) instanceof Delivery delivery) {
			log.warn("Mail attempt {}/{} failed for {}: {} — {}; retry in {}", context.getRetryCount(), attempts(),
					delivery.recipients(), delivery.subject, reason(context.getLastThrowable()),
					Duration.ofMillis(millis));
		}
		Thread.sleep(millis);
	}

	/** One notification on its way: recipients resolved once, then tried until every address is served. */
	private final class Delivery {

		private final Notification notification;
		private final String subject;
		private final String text;
		/** addresses still to be served, by user id; null until resolved */
		private Map<String, String> addresses;

		Delivery(Notification notification) {
			this.notification = notification;
			this.subject = subject(notification);
			this.text = text(notification);
		}

		/** One attempt at every address not served yet; throws the last failure when one is left. */
		void attempt() {
			RuntimeException failure = null;
			try {
				if (addresses == null) {
					addresses = resolve(notification.userIds());
				}
				for (var it = addresses.entrySet().iterator(); it.hasNext();) {
					Map.Entry<String, String> recipient = it.next();
					try {
						send(recipient.getValue());
						tally.sent.incrementAndGet();
						it.remove();
					}
					catch (MailParseException | MailPreparationException e) {
						tally.failed.incrementAndGet();
						log.error("Mail to {} <{}> not sent (not retried): {} — {}", recipient.getKey(),
								recipient.getValue(), subject, reason(e));
						it.remove();
					}
					catch (RuntimeException e) {
						failure = e;
					}
				}
			}
			catch (RuntimeException e) {
				failure = e;
			}
			if (failure != null) {
				tally.failedAttempts.incrementAndGet();
				throw failure;
			}
		}

		void giveUp(int attempts, Throwable failure) {
			tally.failed.addAndGet(addresses == null ? 1 : addresses.size());
			String message = "Mail not sent after {} attempt(s), giving up: to {}: {} — {}";
			if (failure instanceof MailException) {
				log.error(message, attempts, recipients(), subject, reason(failure));
				log.debug("The last failure", failure);
			}
			else {
				log.error(message, attempts, recipients(), subject, reason(failure), failure);
			}
		}

		Object recipients() {
			return addresses == null ? notification.userIds() : addresses.values();
		}

		private void send(String address) {
			MimeMessage message = mailSender.createMimeMessage();
			try {
				MimeMessageHelper helper = new MimeMessageHelper(message, StandardCharsets.UTF_8.name());
				helper.setFrom(properties.mail().from());
				helper.setTo(address);
				helper.setSubject(subject);
				helper.setText(text, false);
			}
			catch (MessagingException e) {
				throw new MailPreparationException(e);
			}
			mailSender.send(message);
		}
	}

	/** E-mail address by user id, in the order given; unknown users and users without e-mail are skipped. */
	private Map<String, String> resolve(List<String> userIds) {
		Map<String, String> emails = new LinkedHashMap<>();
		for (User user : identity.createUserQuery().userIdIn(userIds.toArray(String[]::new)).list()) {
			emails.put(user.getId(), user.getEmail());
		}
		Map<String, String> addresses = new LinkedHashMap<>();
		List<String> seen = new ArrayList<>();
		for (String userId : userIds) {
			String email = emails.get(userId);
			if (!emails.containsKey(userId)) {
				tally.skipped.incrementAndGet();
				log.info("Recipient skipped, no such user: {}", userId);
			}
			else if (email == null || email.isBlank()) {
				tally.skipped.incrementAndGet();
				log.info("Recipient skipped, user {} has no e-mail address", userId);
			}
			else if (!seen.contains(email.strip())) {
				seen.add(email.strip());
				addresses.put(userId, email.strip());
			}
		}
		return addresses;
	}

	/** The innermost cause in one line, e.g. "ConnectException: Connection refused". */
	private static String reason(Throwable failure) {
		if (failure == null) {
			return "unknown";
		}
		Throwable root = failure;
		while (true) {
			Throwable next = root.getCause();
			if (next == null && root instanceof MailSendException send && send.getMessageExceptions().length > 0) {
				next = send.getMessageExceptions()[0];
			}
			if (next == null && root instanceof MessagingException messaging) {
				next = messaging.getNextException();
			}
			if (next == null || next == root) {
				break;
			}
			root = next;
		}
		String text = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("").strip();
		return root.getClass().getSimpleName() + (text.isEmpty() ? "" : ": " + text);
	}

	private int attempts() {
		return Math.max(1, properties.mail().retry().attempts());
	}

	/** The subject with the product prefix. */
	static String subject(Notification notification) {
		String subject = notification.subject() == null ? "" : notification.subject().strip();
		return subject.startsWith(Notifier.SUBJECT_PREFIX) ? subject : Notifier.SUBJECT_PREFIX + subject;
	}

	/** The body followed by the line 办理链接：&lt;absolute link&gt; when there is a link. */
	private String text(Notification notification) {
		String body = notification.body() == null ? "" : notification.body().strip();
		String link;
		try {
			link = absoluteLink(notification.resolvedLink());
		}
		catch (RuntimeException e) {
			log.warn("Link of {} not found, the mail goes without it: {}", describe(notification), reason(e));
			link = null;
		}
		if (link == null) {
			return body + "\n";
		}
		return (body.isEmpty() ? "" : body + "\n\n") + Notifier.LINK_LABEL + link + "\n";
	}

	private String absoluteLink(String link) {
		if (link == null || link.isBlank()) {
			return null;
		}
		String relative = link.strip();
		if (ABSOLUTE.matcher(relative).matches()) {
			return relative;
		}
		String base = properties.baseUrl() == null ? "" : properties.baseUrl().strip();
		while (base.endsWith("/")) {
			base = base.substring(0, base.length() - 1);
		}
		return base + (relative.startsWith("/") ? "" : "/") + relative;
	}

	static String describe(Notification notification) {
		return notification == null ? "null" : "to " + notification.userIds() + ": " + notification.subject();
	}
}
