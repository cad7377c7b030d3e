package cn.xuncha.rectify.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.ActiveProfiles;

/** The filters' indexes on Camunda's task table exist after a start, and applying the script again changes nothing. */
@SpringBootTest
@ActiveProfiles("test")
class FilterIndexesTest {

	@Autowired
	DataSource dataSource;
	@Autowired
	FilterIndexes indexes;

	@Test
	void theTaskTableHasTheFiltersIndexesAndTheScriptRunsAgain() throws SQLException {
		assertThat(indexesOnTaskTable()).contains("rect_idx_task_due", "rect_idx_task_def_key");
		indexes.postProcessEngineBuild(null);
		assertThat(indexesOnTaskTable()).contains("rect_idx_task_due", "rect_idx_task_def_key");
	}

	private Set<String> indexesOnTaskTable() throws SQLException {
		Set<String> names = new HashSet<>();
		try (var connection = dataSource.getConnection()) {
			var meta = connection.getMetaData();
			for (String table : new String[] { "ACT_RU_TASK", "act_ru_task" }) {
				try (var rs = meta.getIndexInfo(null, null, table, false, false)) {
					while (rs.next()) {
						if (rs.getString("INDEX_NAME") != null) {
							names.add(rs.getString("INDEX_NAME").toLowerCase(Locale.ROOT));
						}
					}
				}
			}
		}
		return names;
	}
}
