package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.DelegateTask;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import cn.xuncha.rectify.identity.Directory;
import cn.xuncha.rectify.ledger.Ledger;
import cn.xuncha.rectify.ledger.Measure;
import cn.xuncha.rectify.ledger.MeasureStatus;
import cn.xuncha.rectify.ledger.MeasureType;
import cn.xuncha.rectify.ledger.Problem;
import cn.xuncha.rectify.ledger.ProblemStatus;
import cn.xuncha.rectify.ledger.Round;
import cn.xuncha.rectify.ledger.RoundStatus;

/** A task's name and list variables say which measure, problem, round or department it is about. */
class TaskMatterTest {

	Ledger ledger = mock(Ledger.class);
	Directory directory = mock(Directory.class);
	TaskMatter matter = new TaskMatter(ledger, directory);
	DelegateTask task = mock(DelegateTask.class);
	DelegateExecution execution = mock(DelegateExecution.class);

	@BeforeEach
	void departments() {
		when(task.getExecution()).thenReturn(execution);
		when(directory.departmentName("dept-eng")).thenReturn("工程建设科");
	}

	@Test
	void measureTaskCarriesTheMeasureKeyAndTheStartOfItsText() {
		when(execution.getProcessBusinessKey()).thenReturn("HZSW-2020-P1-M5");
		when(ledger.measure("HZSW-2020-P1-M5")).thenReturn(new Measure(5, 1, "HZSW-2020-P1", 5, "HZSW-2020-P1-M5",
				"编制开工准备和施工计划，倒排工期，挂图作战，确保按期完成建设任务", "dept-eng", "吴强",
				LocalDate.of(2021, 3, 31), MeasureType.FIXED, MeasureStatus.IN_PROGRESS, null, null, null, null));
		when(task.getName()).thenReturn("落实整改措施");

		matter.notify(task);

		verify(task).setName("落实整改措施 · P1-M5 编制开工准备和施工计划，倒排工期，挂图作…");
		verify(task).setVariablesLocal(Map.of("matterKey", "HZSW-2020-P1-M5", "departmentName", "工程建设科",
				"deadlineText", "2021-03-31"));
	}

	@Test
	void problemTaskCarriesTheProblemKeyAndTitle() {
		when(execution.getProcessBusinessKey()).thenReturn("HZSW-2020-P3");
		when(ledger.problem("HZSW-2020-P3")).thenReturn(new Problem(3, 1, "HZSW-2020", 2, "防范风险", 1, "HZSW-2020-P3",
				"风险防控制度漏洞", "dept-eng", "leader1", ProblemStatus.PLANNING));
		when(task.getName()).thenReturn("制定整改方案");

		matter.notify(task);

		verify(task).setName("制定整改方案 · P3 风险防控制度漏洞");
		verify(task).setVariablesLocal(Map.of("matterKey", "HZSW-2020-P3", "departmentName", "工程建设科"));
	}

	@Test
	void roundTaskCarriesTheRoundKeyAndTitle() {
		when(execution.getProcessBusinessKey()).thenReturn("HZSW-2020");
		when(ledger.findRound("HZSW-2020")).thenReturn(Optional.of(new Round(1, "HZSW-2020", "区委第二巡察组反馈意见整改",
				"海珠区水务局", "区委第二巡察组", LocalDate.of(2020, 10, 20), RoundStatus.values()[0], Instant.now())));
		when(task.getName()).thenReturn("起草整改情况报告");

		matter.notify(task);

		verify(task).setName("起草整改情况报告 · HZSW-2020 区委第二巡察组反馈意见整改");
		verify(task).setVariablesLocal(Map.of("matterKey", "HZSW-2020"));
	}

	@Test
	void reviewReportTaskCarriesItsDepartment() {
		when(execution.getVariable("reportDepartment")).thenReturn("dept-eng");
		when(task.getName()).thenReturn("报送本期整改进展");

		matter.notify(task);

		verify(task).setName("报送本期整改进展 · 工程建设科");
		verify(task).setVariablesLocal(Map.of("departmentName", "工程建设科"));
	}

	@Test
	void aTaskWithoutAMatterKeepsItsName() {
		when(task.getName()).thenReturn("整改办确认梳理结果");

		matter.notify(task);

		verify(task, never()).setName(org.mockito.ArgumentMatchers.anyString());
	}

	@Test
	void shortTextIsCutAtTwentyCharactersOnOneLine() {
		assertThat(TaskMatter.shorten("制定并实施《立案工作制度》")).isEqualTo("制定并实施《立案工作制度》");
		assertThat(TaskMatter.shorten("一二三四五六七八九十一二三四五六七八九十")).isEqualTo("一二三四五六七八九十一二三四五六七八九十");
		assertThat(TaskMatter.shorten("一二三四五六七八九十一二三四五六七八九十多")).isEqualTo("一二三四五六七八九十一二三四五六七八九十…");
		assertThat(TaskMatter.shorten("  第一行\n第二行 ")).isEqualTo("第一行 第二行");
	}
}
