// Ids of the rows Sphere records (consents, provenance, approval requests): UUIDv7 (RFC 9562). They begin with the
// time and, within this process, strictly increase, so rows written in the same millisecond still list in the order
// they were written (lists sort by created_at, then id) — with random ids their order was a coin toss, and with it
// which of two provenance rows of a field counted as the newer one. Time-ordered keys also keep MariaDB's clustered
// primary-key index appending at its end.
export { v7 as newRecordId } from 'uuid';
