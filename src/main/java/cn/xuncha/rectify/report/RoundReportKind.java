package cn.xuncha.rectify.report;

/**
 * The two rectification reports (整改情况报告) of a round, distinct documents: the one due two months after the
 * feedback, signed whatever is still open, and the final one once every measure is closed or long-term.
 */
enum RoundReportKind {
	INTERIM("两个月整改情况报告", "关于巡察整改情况的报告"), FINAL("整改完成情况报告", "关于巡察整改完成情况的报告");

	private final String label;
	private final String titleSuffix;

	RoundReportKind(String label, String titleSuffix) {
		this.label = label;
		this.titleSuffix = titleSuffix;
	}

	String label() {
		return label;
	}

	String titleSuffix() {
		return titleSuffix;
	}
}
