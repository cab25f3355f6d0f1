// Types of the documents, the 考核 scores and a plan read from its document, as the core
// generates them (ui/src/bindings, from the Rust types), under the names the window uses.

import type { Column, RuleRow, Table } from './bindings'

export type { Block, Document, ListDraft, PlanDraft, RowDraft, RuleRow, ScoreLine, TargetDraft, UnitScore } from './bindings'

/// A document's table and its columns.
export type DocTable = Table
export type DocColumn = Column

/// The rules and whether 考核计分 is on (the `score_rules` command).
export interface ScoreRulesView {
  enabled: boolean
  rows: RuleRow[]
}
