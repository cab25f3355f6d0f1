// Typed wrappers for every command of the desktop shell (src-tauri/src/commands.rs).
import { invoke } from '@tauri-apps/api/core'

// Types generated from the Rust ones (scripts/gen-types.sh): the one truth for both sides.
import type {
  AppInfo, Attachment, ErrorBody, Export, ExportedForms, Extension, ImportOutcome, MonthCycle, OpeningMonth, ListImport, MissingForm, Overview, Plan, PlanImport,
  PlanSummary, RawReport, RawTargetValue, Recorded, SavedDocument, SettingItem, Target, TargetStatus, TargetValue, Task, TaskClosing, TaskDetail, TaskProgress,
  UnitSummary,
} from './bindings'
import type { Document, PlanDraft, ScoreRulesView, UnitScore } from './types'
export type * from './bindings'
export type * from './types'

/// 督办通知单 and 催办单 are named to the core by these words (`NoticeKind::parse`).
export type NoticeKind = '督办' | '催办'
/// `PlanImport` with its draft typed.
export type PlanImportDraft = Omit<PlanImport, 'draft'> & { draft: PlanDraft }
export type CommandError = ErrorBody

export const api = {
  appInfo: () => invoke<AppInfo>('app_info'),
  uiReady: () => invoke<number>('ui_ready'),
  listProgress: (listId: string, month: string) => invoke<TaskProgress[]>('list_progress', { listId, month }),
  taskDetail: (taskId: string, month: string) => invoke<TaskDetail>('task_detail', { taskId, month }),
  confirmTask: (taskId: string, lead: string[] | null, partner: string[] | null) => invoke<Task>('confirm_task', { taskId, lead, partner }),
  recordReports: (reports: RawReport[]) => invoke<Recorded[]>('record_reports', { reports }),
  setStatus: (taskId: string, month: string, status: string) => invoke<void>('set_status', { taskId, month, status }),
  units: () => invoke<UnitSummary[]>('units'),
  renameUnit: (name: string, newName: string) => invoke<void>('rename_unit', { name, newName }),
  addUnitAlias: (name: string, alias: string) => invoke<void>('add_unit_alias', { name, alias }),
  mergeUnits: (from: string, into: string) => invoke<void>('merge_units', { from, into }),
  reorderUnits: (names: string[]) => invoke<void>('reorder_units', { names }),
  getSettings: () => invoke<SettingItem[]>('get_settings'),
  setSetting: (key: string, value: string) => invoke<void>('set_setting', { key, value }),
  overview: (month: string) => invoke<Overview>('overview', { month }),
  missing: (month: string) => invoke<MissingForm[]>('missing', { month }),
  exportTable: (listId: string, unit: string | null) => invoke<string | null>('export_table', { listId, unit }),
  exportMonthly: (listId: string, month: string) => invoke<string | null>('export_monthly', { listId, month }),
  exportSummary: (month: string) => invoke<string | null>('export_summary', { month }),
  exportForms: (listId: string, month: string) => invoke<ExportedForms | null>('export_forms', { listId, month }),
  pickForms: () => invoke<string[]>('pick_forms'),
  previewForms: (paths: string[]) => invoke<ImportOutcome>('preview_forms', { paths }),
  importForms: (paths: string[]) => invoke<ImportOutcome>('import_forms', { paths }),
  pickListFile: () => invoke<string | null>('pick_list_file'),
  importList: (path: string, id: string, name: string) => invoke<ListImport>('import_list', { path, id, name }),
  backup: () => invoke<string | null>('backup'),
  restore: () => invoke<string | null>('restore'),
  monthCycle: (month: string) => invoke<MonthCycle>('month_cycle', { month }),
  openingMonth: () => invoke<OpeningMonth>('opening_month'),
  recentExports: () => invoke<Export[]>('recent_exports'),
  /// Every task of every list (to name tasks as 分解表第12项 and show their text).
  tasks: () => invoke<Task[]>('tasks'),
  /// Opens a file the app exported (only those: the export log is checked), or shows it in its folder.
  openExport: (path: string) => invoke<void>('open_export', { path }),
  revealExport: (path: string) => invoke<void>('reveal_export', { path }),
  /// Running under the end-to-end tests.
  isE2e: () => invoke<boolean>('is_e2e'),

  // 主要目标
  /// Every target judged for a period (`2018`, `2018-11`), or each on its latest value (null).
  targetStatuses: (period: string | null) => invoke<TargetStatus[]>('target_statuses', { period }),
  /// Responsible units, and a baseline (value and year, both or neither).
  setTarget: (code: string, lead: string[], partner: string[], baseline: string | null, baselineYear: string | null) =>
    invoke<Target>('set_target', { code, lead, partner, baseline, baselineYear }),
  /// False when the same value was already recorded.
  recordTargetValue: (value: RawTargetValue) => invoke<boolean>('record_target_value', { value }),
  targetHistory: (code: string) => invoke<TargetValue[]>('target_history', { code }),
  /// The 主要目标完成情况表 through a save dialog: the path written, or null when cancelled.
  exportTargets: (period: string) => invoke<string | null>('export_targets', { period }),

  // 延期
  requestExtension: (r: { taskId: string; unit: string | null; oldDue: string | null; newDue: string; reason: string; progress: string; requestedOn: string | null }) =>
    invoke<Extension>('request_extension', r),
  decideExtension: (id: number, approve: boolean, note: string) => invoke<Extension>('decide_extension', { id, approve, note }),
  extensions: (taskId: string | null, pendingOnly: boolean) => invoke<Extension[]>('extensions', { taskId, pendingOnly }),

  // 佐证材料 and 销号
  /// Evidence files picked in a dialog (nothing is read yet).
  pickEvidence: () => invoke<string[]>('pick_evidence'),
  attachFiles: (taskId: string, paths: string[], note: string) => invoke<Attachment[]>('attach_files', { taskId, paths, note }),
  attachments: (taskId: string) => invoke<Attachment[]>('attachments', { taskId }),
  /// 另存为 through a save dialog: the path written, or null when cancelled.
  saveAttachment: (taskId: string, id: number) => invoke<string | null>('save_attachment', { taskId, id }),
  /// Opens a copy the app writes into a temporary folder.
  openAttachment: (taskId: string, id: number) => invoke<void>('open_attachment', { taskId, id }),
  taskClosing: (taskId: string) => invoke<TaskClosing>('task_closing', { taskId }),
  /// 销号 on a day (`YYYY-MM-DD`; null: today).
  closeTask: (taskId: string, note: string, withoutEvidence: boolean, on: string | null) => invoke<TaskClosing>('close_task', { taskId, note, withoutEvidence, on }),
  /// 退回 on a day (`YYYY-MM-DD`; null: today).
  returnTask: (taskId: string, reason: string, on: string | null) => invoke<TaskClosing>('return_task', { taskId, reason, on }),

  // 文书 and 考核 (dates `YYYY-MM-DD`; null: today)
  /// The units a notice of this kind would go to for the month.
  noticeUnits: (kind: NoticeKind, month: string) => invoke<string[]>('notice_units', { kind, month }),
  /// A notice as it will be saved, with the 发文字号 it would take.
  previewNotice: (kind: NoticeKind, unit: string, month: string, date: string | null) => invoke<Document>('preview_notice', { kind, unit, month, date }),
  /// Saves one notice through a save dialog; null when cancelled.
  exportNotice: (kind: NoticeKind, unit: string, month: string, date: string | null) => invoke<SavedDocument | null>('export_notice', { kind, unit, month, date }),
  /// Saves a notice to every unit concerned into a folder chosen in a dialog; null when cancelled.
  exportNotices: (kind: NoticeKind, month: string, date: string | null) => invoke<SavedDocument[] | null>('export_notices', { kind, month, date }),
  /// The list the month's 通报 is about unless another is chosen.
  previewBulletin: (month: string, listId: string | null, date: string | null) => invoke<Document>('preview_bulletin', { month, listId, date }),
  exportBulletin: (month: string, listId: string | null, date: string | null) => invoke<SavedDocument | null>('export_bulletin', { month, listId, date }),
  scoreRules: () => invoke<ScoreRulesView>('score_rules'),
  monthScores: (month: string) => invoke<UnitScore[]>('month_scores', { month }),
  /// The 考核得分表 through a save dialog: the path written, or null when cancelled.
  exportScores: (month: string) => invoke<string | null>('export_scores', { month }),
  /// Several settings, all or none.
  setSettings: (values: [string, string][]) => invoke<void>('set_settings', { values }),

  // 方案
  plans: () => invoke<PlanSummary[]>('plans'),
  setCurrentPlan: (id: number) => invoke<Plan>('set_current_plan', { id }),
  /// Deletes a plan once its title is typed; returns where the backup taken first went.
  deletePlan: (id: number, title: string) => invoke<string>('delete_plan', { id, title }),
  pickPlanFile: () => invoke<string | null>('pick_plan_file'),
  previewPlanImport: (path: string) => invoke<PlanImportDraft>('preview_plan_import', { path }),
  importPlan: (path: string) => invoke<PlanImportDraft>('import_plan', { path }),
  confirmTarget: (code: string) => invoke<Target>('confirm_target', { code }),
}

/// The message of an error from a command (or anything thrown).
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as CommandError).message)
  return String(e)
}
