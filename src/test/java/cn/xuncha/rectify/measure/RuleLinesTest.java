package cn.xuncha.rectify.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.Date;

import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.xuncha.rectify.ledger.RuleMade;
import cn.xuncha.rectify.system.FormInputException;
import cn.xuncha.rectify.system.Now;

class RuleLinesTest {

	@BeforeEach
	void today() {
		ClockUtil.setCurrentTime(Date.from(LocalDate.of(2021, 12, 1).atTime(10, 0).atZone(Now.CHINA).toInstant()));
	}

	@AfterEach
	void reset() {
		ClockUtil.reset();
	}

	@Test
	void oneRuleALineWithFullOrHalfWidthBarsAndAnOptionalDocumentNumber() {
		var rules = RuleLines.parse("""
				《执法科案件录入制度》｜海水执〔2021〕5号｜2021-03-15｜新建

				 《小额建设工程项目交易管理办法》 | | 2021-06-30 | 修订 \r
				""");

		assertThat(rules).containsExactly(
				new RuleMade.Draft("《执法科案件录入制度》", "海水执〔2021〕5号", LocalDate.of(2021, 3, 15), RuleMade.Kind.NEW),
				new RuleMade.Draft("《小额建设工程项目交易管理办法》", null, LocalDate.of(2021, 6, 30),
						RuleMade.Kind.REVISED));
	}

	@Test
	void emptyOrMissingTextIsNoRule() {
		assertThat(RuleLines.parse(null)).isEmpty();
		assertThat(RuleLines.parse(" \n ")).isEmpty();
	}

	@Test
	void aWrongLineIsRefusedNamingTheFieldAndTheLine() {
		assertThatThrownBy(() -> RuleLines.parse("《甲制度》｜｜2021-03-15｜新建\n《乙制度》｜2021/3/5｜新建"))
				.isInstanceOf(FormInputException.class).hasMessageContaining("制度成果第 2 行")
				.hasMessageContaining("四项");
		assertThatThrownBy(() -> RuleLines.parse("《乙制度》｜｜2021/3/5｜新建")).hasMessageContaining("yyyy-MM-dd");
		assertThatThrownBy(() -> RuleLines.parse("《乙制度》｜｜2021-03-05｜废止")).hasMessageContaining("新建")
				.hasMessageContaining("废止");
		assertThatThrownBy(() -> RuleLines.parse(" ｜｜2021-03-05｜新建")).hasMessageContaining("名称不能为空");
		assertThatThrownBy(() -> RuleLines.parse("《乙制度》｜｜2022-01-05｜新建")).hasMessageContaining("晚于今天");
		assertThatThrownBy(() -> RuleLines.parse("《乙制度》｜" + "号".repeat(101) + "｜2021-03-05｜新建"))
				.hasMessageContaining("文号");
		assertThatThrownBy(() -> RuleLines.parse("《乙\u0000制度》｜｜2021-03-05｜新建")).hasMessageContaining("控制字符");
	}
}
