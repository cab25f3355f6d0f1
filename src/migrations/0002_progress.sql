-- 0002: monthly progress reports and the clerk's status overrides.

CREATE TABLE progress_report (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    month         TEXT NOT NULL,         -- YYYY-MM
    status        TEXT NOT NULL,         -- the status word as entered
    meaning       TEXT NOT NULL CHECK (meaning IN ('done', 'on_track', 'behind', 'not_started')),
    progress      TEXT NOT NULL DEFAULT '',
    problems      TEXT NOT NULL DEFAULT '',
    next_steps    TEXT NOT NULL DEFAULT '',
    percent       INTEGER CHECK (percent BETWEEN 0 AND 100),
    entered_by    TEXT NOT NULL,
    entered_at    TEXT NOT NULL,
    source        TEXT NOT NULL,         -- 'cli', 'app', or the file a form came back in
    replaced      INTEGER NOT NULL DEFAULT 0   -- 1 once a later report for the same key replaced it
);
-- One current report per (task, unit, month); replaced ones stay as history.
CREATE UNIQUE INDEX progress_report_current
    ON progress_report(task_id, unit_id, month) WHERE replaced = 0;
CREATE INDEX progress_report_month ON progress_report(month);
CREATE INDEX progress_report_unit ON progress_report(unit_id, month);

CREATE TABLE status_override (
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    month         TEXT NOT NULL,
    status        TEXT NOT NULL,
    meaning       TEXT NOT NULL CHECK (meaning IN ('done', 'on_track', 'behind', 'not_started')),
    set_by        TEXT NOT NULL,
    set_at        TEXT NOT NULL,
    PRIMARY KEY (task_id, month)
);
