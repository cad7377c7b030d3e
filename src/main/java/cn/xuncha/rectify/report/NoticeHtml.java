package cn.xuncha.rectify.report;

import org.springframework.web.util.HtmlUtils;

import cn.xuncha.rectify.report.NoticeDocument.Block;
import cn.xuncha.rectify.report.NoticeDocument.Footnote;
import cn.xuncha.rectify.report.NoticeDocument.Heading;
import cn.xuncha.rectify.report.NoticeDocument.Item;
import cn.xuncha.rectify.report.NoticeDocument.Items;
import cn.xuncha.rectify.report.NoticeDocument.Paragraph;
import cn.xuncha.rectify.report.NoticeDocument.Signature;
import cn.xuncha.rectify.report.NoticeDocument.Subtitle;
import cn.xuncha.rectify.report.NoticeDocument.Table;
import cn.xuncha.rectify.report.NoticeDocument.Title;

/**
 * A notice as one self-contained HTML page (styles inline, no script, no external resource), so the frozen text reads
 * and prints the same years later. Every piece of data is escaped.
 */
final class NoticeHtml {

	private static final String STYLE = """
			body{margin:0;background:#f3f1ec;color:#1d1d1d}
			.notice{max-width:794px;margin:24px auto;padding:64px 72px;background:#fff;box-shadow:0 1px 4px rgba(0,0,0,.15);
			 font-family:"FangSong","FangSong_GB2312","STFangsong","仿宋","Noto Serif CJK SC","Source Han Serif SC",serif;
			 font-size:17px;line-height:1.9}
			h1{font-family:"SimSun","STSong","宋体","Noto Serif CJK SC",serif;font-size:26px;text-align:center;
			 color:#b3121b;margin:0 0 4px;line-height:1.5}
			.seq{text-align:center;margin:0 0 28px;font-family:"KaiTi","STKaiti","楷体",serif}
			h2{font-family:"SimHei","STHeiti","黑体","Noto Sans CJK SC",sans-serif;font-size:18px;margin:26px 0 8px}
			h3{font-family:"KaiTi","STKaiti","楷体","Noto Serif CJK SC",serif;font-size:17px;margin:18px 0 6px;text-indent:2em}
			h4{font-size:17px;margin:14px 0 4px;text-indent:2em;font-weight:bold}
			p{margin:0 0 6px;text-indent:2em;text-align:justify}
			.lead{margin:8px 0 2px 2em;font-weight:bold}
			ul.items{list-style:none;margin:0 0 6px 2em;padding:0}
			ul.items li{margin:0;padding-left:2em;text-indent:-2em}
			.ref{color:#888;font-size:12px;font-family:monospace;margin-left:.5em;white-space:nowrap;text-indent:0}
			table{border-collapse:collapse;width:100%;margin:8px 0 12px;font-size:14px;line-height:1.5}
			th,td{border:1px solid #555;padding:4px 6px;vertical-align:top}
			th{background:#f0ece4;font-family:"SimHei","黑体",sans-serif;font-weight:normal}
			td.num{text-align:right;white-space:nowrap}
			td.short,th{white-space:nowrap}
			.signature{margin-top:40px;text-align:right;text-indent:0}
			.footnote{margin-top:32px;text-indent:0;font-size:11px;color:#808080;font-family:Consolas,monospace;word-break:break-all}
			@media print{body{background:#fff}.notice{box-shadow:none;margin:0;padding:0;max-width:none}}
			""";

	private NoticeHtml() {
	}

	static String render(NoticeDocument doc) {
		StringBuilder html = new StringBuilder(16_384);
		html.append("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
				.append(esc(doc.title())).append("</title>\n<style>\n").append(STYLE)
				.append("</style>\n</head>\n<body>\n<article class=\"notice\">\n");
		for (Block block : doc.blocks()) {
			if (block instanceof Title t) {
				html.append("<h1>").append(esc(t.text())).append("</h1>\n");
			}
			else if (block instanceof Subtitle s) {
				html.append("<p class=\"seq\">").append(esc(s.text())).append("</p>\n");
			}
			else if (block instanceof Heading h) {
				String tag = "h" + (h.level() + 1);
				html.append('<').append(tag).append('>').append(esc(h.text())).append("</").append(tag).append(">\n");
			}
			else if (block instanceof Paragraph p) {
				html.append("<p>").append(esc(p.text())).append("</p>\n");
			}
			else if (block instanceof Items items) {
				html.append("<div class=\"lead\">").append(esc(items.lead())).append("</div>\n<ul class=\"items\">\n");
				for (Item item : items.items()) {
					html.append("<li>").append(esc(item.text()));
					if (item.reference() != null) {
						html.append("<span class=\"ref\">").append(esc(item.reference())).append("</span>");
					}
					html.append("</li>\n");
				}
				html.append("</ul>\n");
			}
			else if (block instanceof Table table) {
				html.append("<table>\n<thead><tr>");
				table.header().forEach(h -> html.append("<th>").append(esc(h)).append("</th>"));
				html.append("</tr></thead>\n<tbody>\n");
				for (var row : table.rows()) {
					html.append("<tr>");
					for (int i = 0; i < row.size(); i++) {
						String css = i == table.textColumn() ? "" : i == 0 || i == row.size() - 1 ? " class=\"num\"" : " class=\"short\"";
						html.append("<td").append(css).append('>').append(esc(row.get(i))).append("</td>");
					}
					html.append("</tr>\n");
				}
				html.append("</tbody>\n</table>\n");
			}
			else if (block instanceof Signature s) {
				html.append("<p class=\"signature\">").append(esc(s.issuer())).append("<br>").append(esc(s.date()))
						.append("</p>\n");
			}
			else if (block instanceof Footnote f) {
				html.append("<p class=\"footnote\">").append(esc(f.text())).append("</p>\n");
			}
		}
		return html.append("</article>\n</body>\n</html>\n").toString();
	}

	private static String esc(String s) {
		return s == null ? "" : HtmlUtils.htmlEscape(s, "UTF-8");
	}
}
