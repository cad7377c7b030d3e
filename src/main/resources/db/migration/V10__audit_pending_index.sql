-- The seal finds the records it has not sealed yet through this index, a chunk at a time, in id order (issue 9): on
-- H2 a condition "seq is null" is answered from the unique index on seq, which then reads and sorts every pending
-- row for each chunk. "pending = 1 ... order by pending, id" is a range over this index instead: a chunk costs
-- what it seals. New rows are pending by default; the seal clears the mark with the seq.
-- Portable between H2 2.x and PostgreSQL.

alter table rect_audit_record add column pending smallint default 1;
update rect_audit_record set pending = case when seq is null then 1 else null end;
create index rect_audit_record_pending on rect_audit_record (pending, id);
