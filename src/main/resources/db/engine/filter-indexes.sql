-- Indexes on Camunda's own tables for the shared Tasklist filters (tasklist/TaskFilters), which Camunda's schema does
-- not have: every filter sorts by due date (已逾期 also selects by it), and 督办事项 selects by the task's definition.
-- Applied by tasklist/FilterIndexes on every start, after the engine has created or updated its tables (Flyway runs
-- before the engine exists, so it cannot carry them); "if not exists" makes that idempotent. Portable between H2 2.x
-- and PostgreSQL. A DBA may run this file by hand instead; the names start with RECT_ to tell them from Camunda's.

create index if not exists RECT_IDX_TASK_DUE on ACT_RU_TASK (DUE_DATE_, ID_);
create index if not exists RECT_IDX_TASK_DEF_KEY on ACT_RU_TASK (TASK_DEF_KEY_, DUE_DATE_);
