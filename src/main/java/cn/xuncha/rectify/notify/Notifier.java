package cn.xuncha.rectify.notify;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.identity.User;
import org.camunda.bpm.engine.impl.cfg.TransactionState;
import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.mail.MailAuthenticationException;
import org.springframework.mail.MailException;
import org.springframework.mail.MailParseException;
import org.springframework.mail.MailPreparationException;
import org.springframework.mail.MailSendException;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Sends the notices of the escalation ladder by e-mail, in Chinese, subject prefixed 【巡察整改督办】 and the body
 * followed by a line 办理链接：&lt;absolute link&gt;.
 * <p>
 * {@link #notify(Notification)} may be called from anywhere, typically inside a JavaDelegate or a transactional
 * service: the mail leaves only after the current transaction commits (nothing if it rolls back); without a
 * transaction it leaves at once. Sending always happens on a small executor owned by this bean, with retries and
 * backoff ({@code rectify.mail.retry.*}), so the caller is never blocked, never sees an exception and never has its
 * transaction rolled back by a mail problem.
 * <p>
 * Recipients are Camunda user ids resolved to e-mail addresses through the {@link IdentityService} when sending;
 * unknown users and users without an address are skipped with a log line. Each recipient gets a mail of their own.
 * <p>
 * With {@code rectify.mail.enabled=false} (the demo default), or when no SMTP server is configured
 * ({@code spring.mail.host}), every notification is only logged at INFO with its recipients and subject.
 */
@Component
public class Notifier implements DisposableBean {

	public static final String SUBJECT_PREFIX = "【巡察整改督办】";
	public static final String LINK_LABEL = "办理链接：";

	private static final Logger log = LoggerFactory.getLogger(Notifier.class);
	private static final Pattern ABSOLUTE = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*://.*");
	private static final int THREADS = 2;
	private static final Duration MAX_BACKOFF = Duration.ofHours(1);

	private final IdentityService identity;
	private final JavaMailSender mailSender;
	private final NotifyProperties properties;
	private final boolean sending;
	private final ScheduledThreadPoolExecutor executor;

	private final Object idle = new Object();
	private final AtomicInteger pending = new AtomicInteger();
	private final AtomicLong sent = new AtomicLong();
	private final AtomicLong failed = new AtomicLong();
	private final AtomicLong failedAttempts = new AtomicLong();
	private final AtomicLong skipped = new AtomicLong();
	private final AtomicLong logged = new AtomicLong();
	private final AtomicLong dropped = new AtomicLong();

	/**
	 * What happened so far, for tests and diagnostics.
	 *
	 * @param sent           mails accepted by the SMTP server
	 * @param failed         mails given up on after all attempts (or not retryable)
	 * @param failedAttempts attempts that failed, retried or not
	 * @param skipped        recipients without an e-mail address, or unknown
	 * @param logged         notifications only logged because mail is disabled
	 * @param dropped        notifications dropped because the queue was full or the application was stopping
	 * @param pending        notifications being sent or waiting for a retry
	 */
	public record Stats(long sent, long failed, long failedAttempts, long skipped, long logged, long dropped,
			int pending) {
	}

	@Autowired
	Notifier(IdentityService identity, ObjectProvider<JavaMailSender> mailSender, NotifyProperties properties) {
		this(identity, mailSender.getIfAvailable(), properties);
	}

	/** @param mailSender null when no SMTP server is configured: notifications are then only logged */
	Notifier(IdentityService identity, JavaMailSender mailSender, NotifyProperties properties) {
		this.identity = identity;
		this.mailSender = mailSender;
		this.properties = properties;
		boolean enabled = properties.mail().enabled();
		if (enabled && mailSender == null) {
			log.error("rectify.mail.enabled=true but no SMTP server is configured (spring.mail.host): "
					+ "notifications are only logged");
		}
		this.sending = enabled && mailSender != null;
		this.executor = new ScheduledThreadPoolExecutor(THREADS, threads());
		this.executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
		this.executor.setRemoveOnCancelPolicy(true);
		if (sending) {
			log.info("Notifications are sent by e-mail from {} (retry: {} attempts, first backoff {})",
					properties.mail().from(), attempts(), properties.mail().retry().backoff());
		}
		else {
			log.info("Mail is disabled (rectify.mail.enabled): notifications are only logged");
		}
	}

	/**
	 * Sends the notification after the current transaction commits, or right away (still asynchronously) when no
	 * transaction is active. Never blocks, never throws.
	 */
	public void notify(Notification notification) {
		try {
			if (notification == null) {
				log.warn("Ignored a null notification");
				return;
			}
			if (TransactionSynchronizationManager.isSynchronizationActive()) {
				TransactionSynchronizationManager.registerSynchronization(new AfterCommit(notification));
				return;
			}
			CommandContext commandContext = Context.getCommandContext();
			if (commandContext != null) {
				// an engine outside Spring transactions: its own transaction decides
				commandContext.getTransactionContext()
					.addTransactionListener(TransactionState.COMMITTED, context -> dispatchSafely(notification));
				return;
			}
			dispatch(notification);
		}
		catch (RuntimeException e) {
			log.error("Notification not sent: {}", describe(notification), e);
		}
	}

	/** The counters so far. */
	public Stats stats() {
		return new Stats(sent.get(), failed.get(), failedAttempts.get(), skipped.get(), logged.get(), dropped.get(),
				pending.get());
	}

	/**
	 * Waits until no notification is being sent or waiting for a retry (committed ones only: those registered in a
	 * running transaction are not pending yet).
	 *
	 * @return false if the timeout elapsed first
	 */
	public boolean awaitIdle(Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		synchronized (idle) {
			while (pending.get() > 0) {
				long left = deadline - System.nanoTime();
				if (left <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(idle, left);
			}
			return true;
		}
	}

	/** Stops the executor on context close; mails waiting for a retry are dropped with an ERROR. */
	@Override
	public void destroy() {
		executor.shutdown();
		try {
			if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
				executor.shutdownNow();
			}
		}
		catch (InterruptedException e) {
			executor.shutdownNow();
			Thread.currentThread().interrupt();
		}
		int left = pending.get();
		if (left > 0) {
			log.error("{} notification(s) not sent: the application stopped while they waited for a retry", left);
			dropped.addAndGet(left);
		}
	}

	private final class AfterCommit implements TransactionSynchronization {

		private final Notification notification;

		AfterCommit(Notification notification) {
			this.notification = notification;
		}

		@Override
		public void afterCommit() {
			dispatchSafely(notification);
		}

		@Override
		public void afterCompletion(int status) {
			if (status == STATUS_ROLLED_BACK) {
				log.debug("Transaction rolled back, notification discarded: {}", describe(notification));
			}
		}
	}

	/** After a commit: an exception here would reach the committing caller. */
	private void dispatchSafely(Notification notification) {
		try {
			dispatch(notification);
		}
		catch (RuntimeException e) {
			log.error("Notification not sent: {}", describe(notification), e);
		}
	}

	private void dispatch(Notification notification) {
		if (!sending) {
			logged.incrementAndGet();
			log.info("[mail disabled] notification to {}: {}", notification.userIds(), subject(notification));
			return;
		}
		if (notification.userIds().isEmpty()) {
			log.info("Notification without recipients not sent: {}", subject(notification));
			return;
		}
		if (pending.incrementAndGet() > properties.mail().queueCapacity()) {
			drop(notification, "the queue of " + properties.mail().queueCapacity() + " notifications is full");
			return;
		}
		try {
			executor.execute(new Delivery(notification));
		}
		catch (RejectedExecutionException e) {
			drop(notification, "the application is stopping");
		}
	}

	private void drop(Notification notification, String reason) {
		dropped.incrementAndGet();
		log.error("Notification dropped, {}: {}", reason, describe(notification));
		done();
	}

	private void done() {
		synchronized (idle) {
			pending.decrementAndGet();
			idle.notifyAll();
		}
	}

	/** One notification on its way: recipients resolved once, then retried until every address is served. */
	private final class Delivery implements Runnable {

		private final Notification notification;
		private final String subject;
		private final String text;
		/** addresses still to be served, by user id; null until resolved */
		private Map<String, String> addresses;
		private int attempt;
		private boolean finished;

		Delivery(Notification notification) {
			this.notification = notification;
			this.subject = subject(notification);
			this.text = text(notification);
		}

		@Override
		public void run() {
			try {
				attempt();
			}
			catch (Throwable e) {
				log.error("Notification not sent: {}", describe(notification), e);
				finish();
			}
		}

		private void finish() {
			if (!finished) {
				finished = true;
				done();
			}
		}

		private void attempt() {
			attempt++;
			RuntimeException failure = null;
			try {
				if (addresses == null) {
					addresses = resolve(notification.userIds());
				}
				for (var it = addresses.entrySet().iterator(); it.hasNext();) {
					Map.Entry<String, String> recipient = it.next();
					try {
						send(recipient.getValue());
						sent.incrementAndGet();
						it.remove();
					}
					catch (MailParseException | MailPreparationException e) {
						failed.incrementAndGet();
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
			if (addresses != null && addresses.isEmpty()) {
				finish();
				return;
			}
			failedAttempts.incrementAndGet();
			if (attempt >= attempts() || failure instanceof MailAuthenticationException) {
				giveUp(failure);
				return;
			}
			Duration wait = backoff(attempt);
			log.warn("Mail attempt {}/{} failed for {}: {} — {}; retry in {}", attempt, attempts(), recipients(),
					subject, reason(failure), wait);
			try {
				executor.schedule(this, wait.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (RejectedExecutionException e) {
				giveUp(failure);
			}
		}

		private void giveUp(RuntimeException failure) {
			failed.addAndGet(addresses == null ? 1 : addresses.size());
			String message = "Mail not sent after {} attempt(s), giving up: to {}: {} — {}";
			if (failure instanceof MailException) {
				log.error(message, attempt, recipients(), subject, reason(failure));
				log.debug("The last failure", failure);
			}
			else {
				log.error(message, attempt, recipients(), subject, reason(failure), failure);
			}
			finish();
		}

		private Object recipients() {
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
				skipped.incrementAndGet();
				log.info("Recipient skipped, no such user: {}", userId);
			}
			else if (email == null || email.isBlank()) {
				skipped.incrementAndGet();
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
	static String reason(Throwable failure) {
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

	/** The wait after the given failed attempt (1-based): backoff × multiplier^(attempt-1), at most an hour. */
	Duration backoff(int attempt) {
		NotifyProperties.Retry retry = properties.mail().retry();
		double millis = retry.backoff().toMillis() * Math.pow(Math.max(1, retry.multiplier()), attempt - 1);
		return millis >= MAX_BACKOFF.toMillis() ? MAX_BACKOFF : Duration.ofMillis(Math.round(millis));
	}

	/** The subject with the product prefix. */
	String subject(Notification notification) {
		String subject = notification.subject() == null ? "" : notification.subject().strip();
		return subject.startsWith(SUBJECT_PREFIX) ? subject : SUBJECT_PREFIX + subject;
	}

	/** The body followed by the line 办理链接：&lt;absolute link&gt; when there is a link. */
	String text(Notification notification) {
		String body = notification.body() == null ? "" : notification.body().strip();
		String link = absoluteLink(notification.link());
		if (link == null) {
			return body + "\n";
		}
		return (body.isEmpty() ? "" : body + "\n\n") + LINK_LABEL + link + "\n";
	}

	String absoluteLink(String link) {
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

	private String describe(Notification notification) {
		return notification == null ? "null"
				: "to " + notification.userIds() + ": " + notification.subject();
	}

	private static ThreadFactory threads() {
		AtomicInteger number = new AtomicInteger();
		return runnable -> {
			Thread thread = new Thread(runnable, "notify-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}
}
