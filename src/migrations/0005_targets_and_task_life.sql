-- 0005: the plan's targets tracked (codes, responsible units, baselines, actual values), and
-- each task's life: deadline extensions with approval, evidence files, and 销号 (closing a task
-- after review) or 退回 (sending a claim of completion back); and the numbers given to the
-- documents (发文字号).

ALTER TABLE target ADD COLUMN code TEXT;                 -- 'T-01', stable within the plan
ALTER TABLE target ADD COLUMN baseline REAL;             -- 基期值
ALTER TABLE target ADD COLUMN baseline_year INTEGER;     -- 基期年份
UPDATE target SET code = printf('T-%02d',
    (SELECT count(*) FROM target t2 WHERE t2.plan_id = target.plan_id AND t2.position <= target.position));
CREATE UNIQUE INDEX target_code ON target(plan_id, code);

CREATE TABLE target_unit (
    target_id     INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    position      INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (target_id, role, position),
    UNIQUE (target_id, unit_id)
);
CREATE INDEX target_unit_unit ON target_unit(unit_id);

-- Actual values by period: a year ('2018') or a month ('2018-11'); replaced ones stay as history.
CREATE TABLE target_value (
    id            INTEGER PRIMARY KEY,
    target_id     INTEGER NOT NULL REFERENCES target(id) ON DELETE CASCADE,
    period        TEXT NOT NULL,
    value         REAL NOT NULL,
    source        TEXT NOT NULL DEFAULT '',   -- where the figure comes from (区环保分局监测月报)
    reported_by   TEXT NOT NULL DEFAULT '',   -- the unit that reported it, where one did
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    origin        TEXT NOT NULL,              -- 'cli', 'app', or the form's file name
    replaced      INTEGER NOT NULL DEFAULT 0
);
CREATE UNIQUE INDEX target_value_current ON target_value(target_id, period) WHERE replaced = 0;

-- 延期: a request to move one of a task's deadlines, and the clerk's decision.
CREATE TABLE extension (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id       INTEGER REFERENCES unit(id),
    old_due       TEXT NOT NULL,              -- YYYY-MM-DD: the deadline it moves
    new_due       TEXT NOT NULL,              -- YYYY-MM-DD
    reason        TEXT NOT NULL,
    progress      TEXT NOT NULL DEFAULT '',
    requested_on  TEXT NOT NULL,              -- YYYY-MM-DD
    late          INTEGER NOT NULL DEFAULT 0, -- 1: asked after the deadline (逾期申请)
    origin        TEXT NOT NULL,              -- 'cli', 'app', or the form's file name
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    state         TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'approved', 'rejected')),
    decided_by    TEXT,
    decided_at    TEXT,
    note          TEXT
);
CREATE INDEX extension_task ON extension(task_id, state);

-- Evidence files, kept inside the ledger (one backup keeps everything), stored once by content.
CREATE TABLE blob (
    sha256        TEXT PRIMARY KEY,
    size          INTEGER NOT NULL,
    bytes         BLOB NOT NULL
);

CREATE TABLE attachment (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    sha256        TEXT NOT NULL REFERENCES blob(sha256),
    file_name     TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    added_by      TEXT NOT NULL,
    added_at      TEXT NOT NULL
);
CREATE INDEX attachment_task ON attachment(task_id);

-- 销号 and 退回, newest last; a task's closing state is its latest event.
CREATE TABLE closure (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    action        TEXT NOT NULL CHECK (action IN ('close', 'return')),
    on_date       TEXT NOT NULL,              -- YYYY-MM-DD
    note          TEXT NOT NULL DEFAULT '',   -- the review note, or why it was sent back
    without_evidence INTEGER NOT NULL DEFAULT 0,
    by            TEXT NOT NULL,
    at            TEXT NOT NULL
);
CREATE INDEX closure_task ON closure(task_id, id);

-- 发文字号: the last number given to each kind of document in a year (督〔2018〕3号).
CREATE TABLE document_counter (
    kind          TEXT NOT NULL,              -- 'supervision', 'reminder', 'bulletin'
    year          INTEGER NOT NULL,
    last          INTEGER NOT NULL,
    PRIMARY KEY (kind, year)
);
