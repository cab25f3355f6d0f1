// Types of the core that the commands serialise but that are not generated into bindings/ (the
// core derives no ts-rs for them yet: `document::Document`, `document::score::{RuleRow,
// UnitScore}`, `plan_doc::PlanDraft`). Written from their serde form; the commands' tests
// (src-tauri/tests/commands.rs) read the same fields.

/// One block of a document's body (`document::Block`, tagged by `kind`).
export type Block =
  | { kind: 'heading1'; text: string }
  | { kind: 'heading2'; text: string }
  | { kind: 'paragraph'; lead?: string; text: string }
  | ({ kind: 'table' } & DocTable)
  | { kind: 'page_break' }

export interface DocColumn {
  header: string
  weight: number
  align: 'left' | 'center'
}
export interface DocTable {
  columns: DocColumn[]
  rows: string[][]
}

/// A 公文 as the core will save it (`document::Document`).
export interface Document {
  issuer_mark: string | null
  number: string | null
  title: string[]
  addressee: string | null
  body: Block[]
  attachments: string[]
  signature: { office: string; date: string } | null
  appendices: { label: string; title: string; body: Block[] }[]
  receipt: { cut_line: string; title: string; rows: { fields: { label: string; value: string }[]; lines: number }[]; note: string | null } | null
  imprint: { copy_to: string | null; printed_by: string; printed_on: string } | null
}

/// One 考核 rule as the window's table shows it (`ScoreRules::table`).
export interface RuleRow {
  key: string
  label: string
  /// 每项任务 or 每个单位.
  per: string
  points: number
}
/// The rules and whether 考核计分 is on (the `score_rules` command).
export interface ScoreRulesView {
  enabled: boolean
  rows: RuleRow[]
}
export interface ScoreLine {
  key: string
  label: string
  count: number
  points: number
}
/// A unit's score for a month, best first.
export interface UnitScore {
  unit: string
  tasks: number
  total: number
  lines: ScoreLine[]
  rank: number
}

/// A plan as read from its document, before it is imported (`plan_doc::PlanDraft`).
export interface PlanDraft {
  title: string | null
  issuer: string | null
  date: string | null
  lists: ListDraft[]
  targets: TargetDraft[]
  warnings: string[]
}
export interface ListDraft {
  attachment: string | null
  name: string
  title: string
  kind: 'responsibility' | 'annual' | 'projects'
  year: number | null
  tables: number[]
  header: string[]
  rows: RowDraft[]
}
export interface RowDraft {
  seq: string
  chapter: string | null
  category: string | null
  name: string | null
  text: string
  lead: string[]
  partner: string[]
  deadline: string | null
  remark: string | null
  review: string | null
  provenance: { table: number; row: number }
}
export interface TargetDraft {
  indicator: string
  comparison: string
  value: number
  unit: string
  year: number | null
  quote: string
  sentence: string
  review: string
}
