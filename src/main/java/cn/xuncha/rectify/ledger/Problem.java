package cn.xuncha.rectify.ledger;

/** A problem found by the inspection (问题), owned by a department and led by a leader. */
public record Problem(long id, long roundId, String roundKey, long categoryId, String categoryTitle, int seq, String key,
		String title, String department, String leadLeader, ProblemStatus status) {
}
