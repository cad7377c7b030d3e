package cn.xuncha.rectify.audit;

import java.util.List;

import org.springframework.web.util.HtmlUtils;

/**
 * dossier.html: the matter's file as a plain Chinese document that opens in any browser, offline, without scripts.
 * Every text from the records is escaped, so HTML typed into a form shows as text.
 */
final class DossierHtml {

	private static final String STYLE = """
			body{font-family:"Microsoft YaHei","PingFang SC","Noto Sans CJK SC",sans-serif;margin:2em;color:#222}
			h1{font-size:1.5em}h2{font-size:1.2em;border-bottom:1px solid #999;margin-top:2em}
			table{border-collapse:collapse;width:100%}th,td{border:1px solid #bbb;padding:4px 6px;vertical-align:top;text-align:left}
			th{background:#eee}td.hash{font-family:monospace;word-break:break-all}.bad{color:#b00;font-weight:bold}
			dl{margin:0}dt{font-weight:bold;display:inline}dt:after{content:"："}dd{display:inline;margin:0;white-space:pre-wrap}
			dd:after{content:"";display:block}.muted{color:#666;font-size:.9em}""";

	private DossierHtml() {
	}

	static String render(Dossier.Content c) {
		var h = new StringBuilder(16_384);
		h.append("<!DOCTYPE html>\n<html lang=\"zh-CN\"><head><meta charset=\"UTF-8\"><title>一事一档 ")
				.append(esc(c.matter().key())).append("</title><style>").append(STYLE).append("</style></head><body>\n");
		h.append("<h1>一事一档：").append(esc(c.matter().typeLabel())).append(' ').append(esc(c.matter().key()))
				.append("</h1>\n<p>").append(esc(c.matter().title())).append("</p>\n");
		h.append("<p class=\"muted\">生成时间：").append(esc(AuditTrail.format(c.generatedAt()))).append("　生成人：")
				.append(esc(c.generatedBy().name())).append("（").append(esc(c.generatedBy().id())).append("）</p>\n");

		h.append("<h2>一、基本情况</h2>\n<table>");
		for (AuditTrail.Fact f : c.matter().facts()) {
			h.append("<tr><th style=\"width:12em\">").append(esc(f.label())).append("</th><td>").append(esc(f.value()))
					.append("</td></tr>");
		}
		h.append("</table>\n");

		h.append("<h2>二、全程记录（").append(c.entries().size()).append(" 条）</h2>\n<table><tr><th>时间</th><th>编号</th>")
				.append("<th>事项</th><th>办理人</th><th>内容</th><th>审计记录号</th></tr>\n");
		for (AuditTrail.Entry e : c.entries()) {
			h.append("<tr><td>").append(esc(AuditTrail.format(e.time()))).append("</td><td>").append(esc(e.businessKey()))
					.append("</td><td>").append(esc(e.kindLabel())).append("：").append(esc(e.title())).append("</td><td>")
					.append(esc(e.actor().name())).append("（").append(esc(e.actor().id())).append("）</td><td>");
			details(h, e.details());
			h.append("</td><td>").append(e.sealed() ? String.valueOf(e.seq()) : "未封存").append("</td></tr>\n");
		}
		h.append("</table>\n");

		h.append("<h2>三、佐证材料（").append(c.evidence().size()).append(" 份）</h2>\n");
		if (c.evidence().isEmpty()) {
			h.append("<p>无。</p>\n");
		}
		else {
			h.append("<table><tr><th>措施</th><th>文件</th><th>大小（字节）</th><th>SHA-256</th><th>上传人</th>")
					.append("<th>上传时间</th><th>校验</th><th>档案内路径</th></tr>\n");
			for (Dossier.FiledEvidence f : c.evidence()) {
				var e = f.file();
				h.append("<tr><td>").append(esc(e.measureKey())).append("</td><td>").append(esc(e.fileName()))
						.append("</td><td>").append(e.size()).append("</td><td class=\"hash\">").append(esc(e.sha256()))
						.append("</td><td>").append(esc(e.uploadedBy().name())).append("</td><td>")
						.append(esc(AuditTrail.format(e.uploadedAt()))).append("</td><td")
						.append(f.intact() ? ">与审计记录一致" : " class=\"bad\">与审计记录不一致").append("</td><td>")
						.append(esc(f.path())).append("</td></tr>\n");
			}
			h.append("</table>\n");
		}

		if (!c.documents().isEmpty()) {
			h.append("<h2>佐证文书（").append(c.documents().size()).append(" 份）</h2>\n")
					.append("<table><tr><th>档案内路径</th><th>大小（字节）</th><th>SHA-256</th><th>校验</th></tr>\n");
			for (Dossier.FiledDocument d : c.documents()) {
				h.append("<tr><td>").append(esc(d.path())).append("</td><td>").append(d.size())
						.append("</td><td class=\"hash\">").append(esc(d.sha256())).append("</td><td")
						.append(d.intact() ? ">与审计记录一致" : " class=\"bad\">与审计记录不一致").append("</td></tr>\n");
			}
			h.append("</table>\n");
		}

		h.append("<h2>四、审计链</h2>\n<table>");
		row(h, "审计记录总数", String.valueOf(c.chain().records()));
		if (c.chain().head() != null) {
			row(h, "链头记录号", String.valueOf(c.chain().head().seq()));
			h.append("<tr><th style=\"width:12em\">链头哈希</th><td class=\"hash\">").append(esc(c.chain().head().hash()))
					.append("</td></tr>");
		}
		var v = c.verification();
		if (v.ok()) {
			row(h, "校验结果", "通过：全部 " + v.records() + " 条记录的哈希链完整");
		}
		else {
			h.append("<tr><th>校验结果</th><td class=\"bad\">未通过：记录 ").append(v.firstBroken().seq()).append("（")
					.append(esc(v.firstBroken().businessKey())).append(' ').append(esc(v.firstBroken().kind()))
					.append("）").append(esc(v.firstBroken().reason())).append("</td></tr>");
		}
		h.append("</table>\n<p class=\"muted\">manifest.json 列出本档案每个文件的大小和 SHA-256；可用 DossierVerifier 或任何")
				.append(" SHA-256 工具核对。</p>\n</body></html>\n");
		return h.toString();
	}

	private static void details(StringBuilder h, List<AuditTrail.Fact> facts) {
		if (facts.isEmpty()) {
			return;
		}
		h.append("<dl>");
		for (AuditTrail.Fact f : facts) {
			h.append("<dt>").append(esc(f.label())).append("</dt><dd>").append(esc(f.value())).append("</dd>");
		}
		h.append("</dl>");
	}

	private static void row(StringBuilder h, String label, String value) {
		h.append("<tr><th style=\"width:12em\">").append(esc(label)).append("</th><td>").append(esc(value))
				.append("</td></tr>");
	}

	static String esc(String text) {
		return text == null ? "" : HtmlUtils.htmlEscape(text, "UTF-8");
	}
}
