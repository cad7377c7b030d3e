package cn.xuncha.rectify.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.icegreen.greenmail.junit5.GreenMailExtension;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.camunda.bpm.engine.IdentityService;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.identity.User;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The {@link Notifier} against a real SMTP server (GreenMail, in-process), real Spring transactions over H2 and a
 * real (in-memory) Camunda IdentityService, in a small Spring context of the notify package alone — no mocks.
 */
class NotifierTest {

	@RegisterExtension
	static GreenMailExtension greenMail = new GreenMailExtension(ServerSetupTest.SMTP);

	private static final String BASE_URL = "https://zhenggai.example.cn/";
	private static final String SUBJECT = "整改措施即将到期提醒";
	private static final String BODY = "您负责的整改措施“建立河涌巡查台账”将于2021年12月31日到期，请及时报送整改进展。";
	private static final String LINK = Notification.taskLink("4711");

	private static ProcessEngine engine;
	private static IdentityService identity;
	private static JdbcTemplate jdbc;
	private static TransactionTemplate transaction;

	private AnnotationConfigApplicationContext context;
	private Notifier notifier;
	private ListAppender<ILoggingEvent> logs;
	private Level logLevel;
	private final ch.qos.logback.classic.Logger notifierLog =
			(ch.qos.logback.classic.Logger) LoggerFactory.getLogger(Notifier.class.getPackageName());

	@BeforeAll
	static void startEngineAndDatabase() {
		ProcessEngineConfiguration configuration =
				ProcessEngineConfiguration.createStandaloneInMemProcessEngineConfiguration();
		// as in the application (camunda.bpm.generic-properties): ids like staff-law
		configuration.setGeneralResourceWhitelistPattern("[a-zA-Z0-9-]+|camunda-admin");
		engine = configuration
				.setProcessEngineName("notify-" + UUID.randomUUID())
				.setJdbcUrl("jdbc:h2:mem:notify-" + UUID.randomUUID())
				.setJobExecutorActivate(false)
				.buildProcessEngine();
		identity = engine.getIdentityService();
		user("staff-law", "张", "明", "zhangming@shuiwu.example.cn");
		user("leader-law", "李", "华", "lihua@shuiwu.example.cn");
		user("staff-nomail", "王", "芳", null);

		DriverManagerDataSource dataSource =
				new DriverManagerDataSource("jdbc:h2:mem:notify-tx-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
		jdbc = new JdbcTemplate(dataSource);
		jdbc.execute("create table reminder (id varchar(40) primary key)");
		transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
	}

	private static void user(String id, String firstName, String lastName, String email) {
		User user = identity.newUser(id);
		user.setFirstName(firstName);
		user.setLastName(lastName);
		user.setEmail(email);
		user.setPassword("secret-" + id);
		identity.saveUser(user);
	}

	@AfterAll
	static void closeEngine() {
		engine.close();
	}

	@BeforeEach
	void captureLog() {
		logs = new ListAppender<>();
		logs.start();
		notifierLog.addAppender(logs);
		logLevel = notifierLog.getLevel();
		notifierLog.setLevel(Level.INFO);
	}

	@AfterEach
	void stopNotifier() {
		notifierLog.detachAppender(logs);
		notifierLog.setLevel(logLevel);
		if (context != null) {
			context.close();
		}
	}

	@Test
	void deliversAfterCommitWithChineseSubjectBodyAndAbsoluteLink() throws Exception {
		notifier = notifier(greenMail.getSmtp().getPort(), true, 3, Duration.ofMillis(200));

		transaction.executeWithoutResult(status -> {
			jdbc.update("insert into reminder values (?)", "m-1");
			notifier.notify(new Notification(List.of("staff-law", "leader-law"), SUBJECT, BODY, LINK));
			// registered for after the commit, not sent, not even queued
			assertThat(notifier.stats().pending()).isZero();
			assertThat(greenMail.getReceivedMessages()).isEmpty();
		});

		assertThat(greenMail.waitForIncomingEmail(5000, 2)).isTrue();
		MimeMessage[] received = greenMail.getReceivedMessages();
		assertThat(received).hasSize(2);
		assertThat(Arrays.stream(received).map(NotifierTest::to))
				.containsExactlyInAnyOrder("zhangming@shuiwu.example.cn", "lihua@shuiwu.example.cn");
		for (MimeMessage message : received) {
			assertThat(message.getSubject()).isEqualTo("【巡察整改督办】整改措施即将到期提醒");
			assertThat(message.getContentType()).containsIgnoringCase("text/plain").containsIgnoringCase("UTF-8");
			assertThat(((InternetAddress) message.getFrom()[0]).getAddress()).isEqualTo("zhenggai@localhost");
			assertThat(message.getRecipients(Message.RecipientType.TO)).hasSize(1);
			String content = (String) message.getContent();
			assertThat(content.replace("\r\n", "\n")).isEqualTo(BODY + "\n\n"
					+ "办理链接：https://zhenggai.example.cn/camunda/app/tasklist/default/#/?task=4711\n");
		}
		assertThat(notifier.awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(2, 0, 0, 0, 0, 0, 0));
	}

	@Test
	void sendsNothingWhenTheTransactionRollsBack() throws Exception {
		notifier = notifier(greenMail.getSmtp().getPort(), true, 3, Duration.ofMillis(200));

		transaction.executeWithoutResult(status -> {
			notifier.notify(new Notification(List.of("staff-law"), "回滚的催办", BODY, LINK));
			status.setRollbackOnly();
		});
		assertThatCode(() -> transaction.executeWithoutResult(status -> {
			notifier.notify(new Notification(List.of("leader-law"), "回滚的督办", BODY, LINK));
			throw new IllegalStateException("业务失败");
		})).isInstanceOf(IllegalStateException.class);

		// a committed one afterwards: once it arrived (and the notifier is idle), nothing else can come
		transaction.executeWithoutResult(
				status -> notifier.notify(new Notification(List.of("staff-law"), "已提交的提醒", BODY, LINK)));
		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		assertThat(notifier.awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(greenMail.getReceivedMessages()).extracting(MimeMessage::getSubject)
				.containsExactly("【巡察整改督办】已提交的提醒");
		assertThat(notifier.stats().sent()).isEqualTo(1);
	}

	@Test
	void aDeadSmtpServerNeitherFailsNorBlocksTheTransaction() throws Exception {
		int closedPort = freePort();
		notifier = notifier(closedPort, true, 2, Duration.ofMillis(200));

		long start = System.nanoTime();
		transaction.executeWithoutResult(status -> {
			jdbc.update("insert into reminder values (?)", "m-dead");
			notifier.notify(new Notification(List.of("staff-law"), SUBJECT, BODY, LINK));
		});
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
		assertThat(jdbc.queryForObject("select count(*) from reminder where id = 'm-dead'", Integer.class))
				.isEqualTo(1);

		assertThat(notifier.awaitIdle(Duration.ofSeconds(10))).isTrue();
		assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(0, 1, 2, 0, 0, 0, 0));
		assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN).hasSize(1);
		assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.ERROR).singleElement()
				.satisfies(e -> assertThat(e.getFormattedMessage()).contains("giving up", "zhangming@shuiwu.example.cn"));
	}

	@Test
	void aHangingSmtpServerDoesNotBlockTheCaller() throws Exception {
		// accepts connections (in the backlog) but never greets: every attempt waits for the read timeout
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			notifier = notifier(silent.getLocalPort(), true, 1, Duration.ofMillis(200));

			long start = System.nanoTime();
			transaction.executeWithoutResult(status -> {
				jdbc.update("insert into reminder values (?)", "m-hang");
				notifier.notify(new Notification(List.of("staff-law"), SUBJECT, BODY, LINK));
				notifier.notify(new Notification(List.of("leader-law"), SUBJECT, BODY, LINK));
			});
			notifier.notify(new Notification(List.of("staff-law"), "无事务的提醒", BODY, LINK));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
			assertThat(jdbc.queryForObject("select count(*) from reminder where id = 'm-hang'", Integer.class))
					.isEqualTo(1);

			assertThat(notifier.awaitIdle(Duration.ofSeconds(15))).isTrue();
			assertThat(notifier.stats().failed()).isEqualTo(3);
		}
	}

	@Test
	void retriesUntilTheSmtpServerIsBack() throws Exception {
		int port = freePort();
		notifier = notifier(port, true, 6, Duration.ofMillis(200));

		transaction.executeWithoutResult(
				status -> notifier.notify(new Notification(List.of("leader-law"), "督办事项", BODY, LINK)));
		await().atMost(Duration.ofSeconds(5)).until(() -> notifier.stats().failedAttempts() >= 1);

		GreenMail late = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
		late.start();
		try {
			assertThat(late.waitForIncomingEmail(15000, 1)).isTrue();
			MimeMessage message = late.getReceivedMessages()[0];
			assertThat(message.getSubject()).isEqualTo("【巡察整改督办】督办事项");
			assertThat(to(message)).isEqualTo("lihua@shuiwu.example.cn");
			assertThat(notifier.awaitIdle(Duration.ofSeconds(5))).isTrue();
			Notifier.Stats stats = notifier.stats();
			assertThat(stats.sent()).isEqualTo(1);
			assertThat(stats.failed()).isZero();
			assertThat(stats.failedAttempts()).isPositive();
			assertThat(logs.list).filteredOn(e -> e.getLevel() == Level.WARN)
					.hasSize((int) stats.failedAttempts())
					.allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("failed", "retry in"));
			assertThat(logs.list).noneMatch(e -> e.getLevel() == Level.ERROR);
		}
		finally {
			late.stop();
		}
	}

	@Test
	void disabledModeOnlyLogs() throws Exception {
		notifier = notifier(greenMail.getSmtp().getPort(), false, 3, Duration.ofMillis(200));

		transaction.executeWithoutResult(status -> notifier.notify(
				new Notification(List.of("staff-law", "leader-law"), "谈话提醒", BODY, LINK)));
		transaction.executeWithoutResult(status -> {
			notifier.notify(new Notification(List.of("staff-law"), "回滚的提醒", BODY, LINK));
			status.setRollbackOnly();
		});

		assertThat(logs.list).filteredOn(e -> e.getFormattedMessage().contains("[mail disabled]")).singleElement()
				.satisfies(e -> {
					assertThat(e.getLevel()).isEqualTo(Level.INFO);
					assertThat(e.getFormattedMessage()).contains("staff-law", "leader-law", "【巡察整改督办】谈话提醒");
				});
		assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(0, 0, 0, 0, 1, 0, 0));
		assertThat(greenMail.waitForIncomingEmail(300, 1)).isFalse();
	}

	@Test
	void skipsUsersWithoutEmailAndUnknownUsers() throws Exception {
		notifier = notifier(greenMail.getSmtp().getPort(), true, 3, Duration.ofMillis(200));

		transaction.executeWithoutResult(status -> notifier.notify(
				new Notification(List.of("staff-nomail", "nobody", "staff-law"), "催办通知", BODY, LINK)));

		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		assertThat(notifier.awaitIdle(Duration.ofSeconds(5))).isTrue();
		assertThat(greenMail.getReceivedMessages()).extracting(NotifierTest::to)
				.containsExactly("zhangming@shuiwu.example.cn");
		assertThat(notifier.stats()).isEqualTo(new Notifier.Stats(1, 0, 0, 2, 0, 0, 0));
		assertThat(logs.list).extracting(ILoggingEvent::getFormattedMessage)
				.anyMatch(m -> m.contains("staff-nomail") && m.contains("no e-mail"))
				.anyMatch(m -> m.contains("nobody") && m.contains("no such user"));
	}

	@Test
	void withoutTransactionSendsRightAwayAndAsynchronously() throws Exception {
		notifier = notifier(greenMail.getSmtp().getPort(), true, 3, Duration.ofMillis(200));

		notifier.notify(new Notification(List.of("staff-law"), "移交纪检", "事项已移交区纪委监委第九派驻组。", "/ledger"));

		assertThat(greenMail.waitForIncomingEmail(5000, 1)).isTrue();
		assertThat(((String) greenMail.getReceivedMessages()[0].getContent()).replace("\r\n", "\n"))
				.isEqualTo("事项已移交区纪委监委第九派驻组。\n\n办理链接：https://zhenggai.example.cn/ledger\n");
	}

	@Test
	void neverThrowsIntoTheCaller() {
		notifier = notifier(greenMail.getSmtp().getPort(), true, 3, Duration.ofMillis(200));

		assertThatCode(() -> notifier.notify(null)).doesNotThrowAnyException();
		assertThatCode(() -> notifier.notify(new Notification(null, null, null, null))).doesNotThrowAnyException();
		context.getBean(MailDelivery.class).stop();
		assertThatCode(() -> transaction.executeWithoutResult(status -> notifier.notify(
				new Notification(List.of("staff-law"), SUBJECT, BODY, LINK)))).doesNotThrowAnyException();
		assertThat(notifier.stats().dropped()).isEqualTo(1);
	}

	private Notifier notifier(int smtpPort, boolean enabled, int attempts, Duration backoff) {
		JavaMailSenderImpl sender = new JavaMailSenderImpl();
		sender.setHost("127.0.0.1");
		sender.setPort(smtpPort);
		sender.setDefaultEncoding("UTF-8");
		Properties javaMail = new Properties();
		javaMail.setProperty("mail.smtp.connectiontimeout", "2000");
		javaMail.setProperty("mail.smtp.timeout", "2000");
		javaMail.setProperty("mail.smtp.writetimeout", "2000");
		sender.setJavaMailProperties(javaMail);
		NotifyProperties properties = new NotifyProperties(BASE_URL, new NotifyProperties.Mail(enabled,
				"zhenggai@localhost", 100, new NotifyProperties.Retry(attempts, backoff, 2)));
		context = new AnnotationConfigApplicationContext();
		context.registerBean(IdentityService.class, () -> identity);
		context.registerBean(JavaMailSender.class, () -> sender);
		context.registerBean(NotifyProperties.class, () -> properties);
		context.register(Transactions.class, NotifyConfiguration.class, MailDelivery.class, Notifier.class);
		context.refresh();
		return context.getBean(Notifier.class);
	}

	/** As Spring Boot does: after-commit listeners follow the transaction (here the test's own). */
	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class Transactions {
	}

	private static String to(MimeMessage message) {
		try {
			return ((InternetAddress) message.getRecipients(Message.RecipientType.TO)[0]).getAddress();
		}
		catch (jakarta.mail.MessagingException e) {
			throw new IllegalStateException(e);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}
}
