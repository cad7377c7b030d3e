package cn.xuncha.rectify.notify;

import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * One notice of the escalation ladder (提醒 · 催办 · 督办 · 谈话提醒 · 移交纪检) for some users.
 *
 * @param userIds Camunda user ids (not group ids: the caller resolves groups); unknown users and users without
 *                an e-mail address are skipped when sending
 * @param subject the subject in Chinese, without the product prefix 【巡察整改督办】 (added by the {@link Notifier})
 * @param body    the plain text in Chinese; the {@link Notifier} appends a line 办理链接：&lt;absolute link&gt;
 * @param link    a link relative to {@code rectify.base-url}, e.g. {@link #taskLink(String)}; an absolute
 *                http(s) link is kept as it is; null or blank for no link line
 * @param linkAfterCommit when {@code link} is null, looks the link up when the mail is written: on the mail pool,
 *                after the notifying transaction committed (see {@link #linkedLater})
 */
public record Notification(List<String> userIds, String subject, String body, String link,
		Supplier<String> linkAfterCommit) {

	public Notification {
		userIds = userIds == null ? List.of() : userIds.stream().filter(Objects::nonNull).distinct().toList();
	}

	public Notification(List<String> userIds, String subject, String body, String link) {
		this(userIds, subject, body, link, null);
	}

	/**
	 * A notification whose link is looked up only when a mail is written: for a task the notifying transaction
	 * creates itself (not visible before it commits), and so that nothing is looked up when mail is off.
	 */
	public static Notification linkedLater(List<String> userIds, String subject, String body, Supplier<String> link) {
		return new Notification(userIds, subject, body, null, link);
	}

	/** The link as it stands now: the one given, else the one looked up. */
	public String resolvedLink() {
		return link != null || linkAfterCommit == null ? link : linkAfterCommit.get();
	}

	/** The relative link that opens one task in Camunda Tasklist. */
	public static String taskLink(String taskId) {
		return "/camunda/app/tasklist/default/#/?task=" + taskId;
	}
}
