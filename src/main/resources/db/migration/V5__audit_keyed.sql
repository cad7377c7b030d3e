-- The audit chain becomes keyed (HMAC-SHA256 with a key kept outside the database, see audit/AuditKey) and covers
-- the ledger's own rows. Records sealed before this stay verifiable: mac_version 0 = plain SHA-256 (legacy),
-- 1 = HMAC-SHA256; the seal writes 1, the verification accepts 0 only before the first keyed record.
-- Portable between H2 2.x and PostgreSQL.

alter table rect_audit_record add column mac_version smallint;
-- HMAC of the record's content when it was appended: the seal seals only records that carry a valid one, so a row
-- inserted with plain SQL (without the key) stays unsealed and the verification names it.
alter table rect_audit_record add column entry_mac varchar(64);
update rect_audit_record set mac_version = 0 where seq is not null;

-- The latest LEDGER_* record of a row (what the ledger comparison reads) and the keying marker, by kind.
create index rect_audit_record_kind on rect_audit_record (kind, business_key, seq);
