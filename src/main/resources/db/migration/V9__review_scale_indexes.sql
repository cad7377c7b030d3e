-- Indexes the set-based review reads by at 100 000 measures (issue 9): the open measures (status), their open
-- escalations (status), the items of one review (review_id: the previous review's verdicts, a review's record) and
-- the pending actions of the chunk jobs (status).
-- Portable between H2 2.x and PostgreSQL.

create index rect_measure_status on rect_measure (status, id);
create index rect_escalation_status on rect_escalation (status, measure_id);
create index rect_review_item_review on rect_review_item (review_id, measure_id);
create index rect_review_action_status on rect_review_action (status, measure_id);
