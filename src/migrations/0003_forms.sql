-- 0003: fill-in forms sent to the units and the ones that came back.

CREATE TABLE form_issue (
    id            INTEGER PRIMARY KEY,
    list_id       TEXT NOT NULL REFERENCES task_list(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    month         TEXT NOT NULL,         -- YYYY-MM
    file          TEXT NOT NULL,
    rows          INTEGER NOT NULL,
    issued_at     TEXT NOT NULL,
    issued_by     TEXT NOT NULL
);
CREATE INDEX form_issue_month ON form_issue(month, list_id);

CREATE TABLE form_return (
    id            INTEGER PRIMARY KEY,
    list_id       TEXT NOT NULL REFERENCES task_list(id) ON DELETE CASCADE,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    month         TEXT NOT NULL,
    file          TEXT NOT NULL,
    changed       INTEGER NOT NULL,
    unchanged     INTEGER NOT NULL,
    imported_at   TEXT NOT NULL,
    imported_by   TEXT NOT NULL
);
CREATE INDEX form_return_month ON form_return(month, list_id);
