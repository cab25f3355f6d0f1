-- 0006: several plans in one ledger. The plan marked current is the one the lists, pages and
-- exports show (a command may choose another for itself); where a plan came from; targets read
-- from a document wait for the clerk's review.

ALTER TABLE plan ADD COLUMN current INTEGER NOT NULL DEFAULT 0;
ALTER TABLE plan ADD COLUMN source TEXT;       -- NULL: the built-in plan; else the file it was read from
UPDATE plan SET current = 1 WHERE id = (SELECT min(id) FROM plan);

ALTER TABLE target ADD COLUMN review TEXT;     -- why a target read from a document needs checking
