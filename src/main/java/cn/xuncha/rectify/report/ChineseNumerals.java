package cn.xuncha.rectify.report;

import java.time.LocalDate;

import cn.xuncha.rectify.round.OutlineParser;

/** Numbers and dates as official documents write them: 一、十二、二十三; 2021年12月6日. */
final class ChineseNumerals {

	private ChineseNumerals() {
	}

	static String of(int n) {
		return OutlineParser.numeral(n);
	}

	static String date(LocalDate day) {
		return day == null ? "" : day.getYear() + "年" + day.getMonthValue() + "月" + day.getDayOfMonth() + "日";
	}
}
