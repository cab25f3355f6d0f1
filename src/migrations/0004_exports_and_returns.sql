-- 0004: what was exported (the month's cycle and the recent exports), and who filled in and
-- approved a returned form.

CREATE TABLE export_log (
    id            INTEGER PRIMARY KEY,
    kind          TEXT NOT NULL,         -- 'table', 'monthly', 'summary', 'forms', documents …
    list_id       TEXT,                  -- the list, where the export is of one
    month         TEXT,                  -- YYYY-MM, where the export is of a month
    path          TEXT NOT NULL,         -- the file or folder written
    at            TEXT NOT NULL,
    by            TEXT NOT NULL
);
CREATE INDEX export_log_month ON export_log(month, kind);

ALTER TABLE form_return ADD COLUMN filled_by TEXT;      -- 填报人
ALTER TABLE form_return ADD COLUMN phone TEXT;          -- 联系电话
ALTER TABLE form_return ADD COLUMN approved_by TEXT;    -- 审核人（分管领导）
ALTER TABLE form_return ADD COLUMN filled_on TEXT;      -- 填报日期 as written
