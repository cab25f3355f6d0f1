-- 0001: the plan, its task lists, tasks, the unit directory, task-unit links, deadlines,
-- settings and the audit trail of task changes.

CREATE TABLE plan (
    id           INTEGER PRIMARY KEY,
    title        TEXT NOT NULL,
    short_title  TEXT NOT NULL,
    issuer       TEXT NOT NULL,
    issuer_full  TEXT NOT NULL,
    issued_on    TEXT NOT NULL,          -- YYYY-MM-DD
    horizon      TEXT NOT NULL           -- YYYY-MM-DD: deadline of tasks that name none
);

CREATE TABLE target (
    id           INTEGER PRIMARY KEY,
    plan_id      INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    position     INTEGER NOT NULL,
    indicator    TEXT NOT NULL,
    comparison   TEXT NOT NULL CHECK (comparison IN ('<=', '>=', '<', '>', '=')),
    value        REAL NOT NULL,
    unit         TEXT NOT NULL,
    year         INTEGER NOT NULL,
    quote        TEXT NOT NULL
);

CREATE TABLE task_list (
    id            TEXT PRIMARY KEY,      -- 'responsibility', 'annual-2018', 'key-projects', or a clerk's id
    plan_id       INTEGER NOT NULL REFERENCES plan(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('responsibility', 'annual', 'projects')),
    name          TEXT NOT NULL,
    title         TEXT NOT NULL,
    attachment    TEXT,                  -- 附件1..3 for the built-in lists
    position      INTEGER NOT NULL,
    period_start  TEXT NOT NULL,         -- YYYY-MM-DD: start of the period 序时进度 counts from
    period_end    TEXT NOT NULL          -- YYYY-MM-DD: default deadline of its tasks
);

CREATE TABLE task (
    id            TEXT PRIMARY KEY,      -- stable: 'R-027', 'R-027-2', 'A-18', 'P-17-2'
    list_id       TEXT NOT NULL REFERENCES task_list(id) ON DELETE CASCADE,
    seq           TEXT NOT NULL,         -- 序号 as printed
    position      INTEGER NOT NULL,
    chapter       TEXT,                  -- 一、… (responsibility table)
    category      TEXT,                  -- 工作内容 / 项目 / key-project category
    name          TEXT,                  -- 项目名称 (key projects)
    text          TEXT NOT NULL,         -- 工作任务 / 主要工作任务 / 建设内容
    source_line   INTEGER,               -- line in the source document
    review        TEXT,                  -- why the reading needs review (待核对); NULL when confirmed
    updated_at    TEXT NOT NULL
);
CREATE INDEX task_list_position ON task(list_id, position);

CREATE TABLE unit (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL UNIQUE,
    kind          TEXT NOT NULL CHECK (kind IN ('department', 'town', 'group')),
    position      INTEGER NOT NULL
);

CREATE TABLE unit_alias (
    alias         TEXT PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES unit(id) ON DELETE CASCADE
);

CREATE TABLE task_unit (
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    role          TEXT NOT NULL CHECK (role IN ('lead', 'partner')),
    position      INTEGER NOT NULL,
    unit_id       INTEGER NOT NULL REFERENCES unit(id),
    PRIMARY KEY (task_id, role, position),
    UNIQUE (task_id, unit_id)
);
CREATE INDEX task_unit_unit ON task_unit(unit_id);

CREATE TABLE deadline (
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    due_on        TEXT NOT NULL,         -- YYYY-MM-DD
    source        TEXT NOT NULL CHECK (source IN ('text', 'column', 'list', 'horizon', 'clerk')),
    quote         TEXT,                  -- the words it was read from
    PRIMARY KEY (task_id, due_on)
);

CREATE TABLE setting (
    key           TEXT PRIMARY KEY,
    value         TEXT NOT NULL
);

CREATE TABLE audit (
    id            INTEGER PRIMARY KEY,
    task_id       TEXT NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    at            TEXT NOT NULL,         -- local time, YYYY-MM-DD HH:MM:SS
    who           TEXT NOT NULL,
    action        TEXT NOT NULL,         -- 'create', 'edit', 'confirm', 'report', 'status', ...
    field         TEXT,
    old_value     TEXT,
    new_value     TEXT
);
CREATE INDEX audit_task ON audit(task_id, id);
