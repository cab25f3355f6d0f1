// Typed wrappers for every command of the desktop shell (src-tauri/src/commands.rs).
import { invoke } from '@tauri-apps/api/core'

export type Meaning = 'done' | 'on_track' | 'behind' | 'not_started'
export type Light = 'red' | 'yellow' | 'green' | 'unreported'
export type ListKind = 'responsibility' | 'annual' | 'projects'

export interface CommandError { code: string; message: string }
export interface Plan { title: string; short_title: string; issuer: string; issuer_full: string; issued_on: string; horizon: string }
export interface TaskList { id: string; kind: ListKind; name: string; title: string; attachment: string | null; period_start: string; period_end: string; rows: number }
export interface Settings {
  clerk_name: string; status_words: [Meaning, string][]; yellow_days: number; report_day: number
  font_title: string; font_header: string; font_body: string; office: string
}
export interface AppInfo {
  db_path: string; plan: Plan | null; lists: TaskList[]; settings: Settings | null; status_words: string[]
  current_month: string; version: string; open_error: CommandError | null
}
export interface Milestone { due_on: string; source: string; quote: string | null }
export interface Task {
  id: string; list_id: string; seq: string; position: number; chapter: string | null; category: string | null
  name: string | null; text: string; lead: string[]; partner: string[]; deadline: string | null
  deadline_source: string | null; milestones: Milestone[]; review: string | null; source_line: number | null
}
export interface ProgressReport {
  id: number; task_id: string; unit: string; month: string; status: string; meaning: Meaning; progress: string
  problems: string; next_steps: string; percent: number | null; entered_by: string; entered_at: string; source: string; replaced: boolean
}
export interface TaskProgress {
  task: Task; month: string; status: Meaning | null; status_word: string; overridden: boolean
  reports: ProgressReport[]; missing: string[]; done_earlier: string[]; schedule_share: number
  percent: number | null; behind_schedule: boolean; light: Light; reasons: string[]
}
export interface AuditEntry { at: string; who: string; action: string; field: string | null; old_value: string | null; new_value: string | null }
export interface TaskDetail { progress: TaskProgress; history: AuditEntry[]; reports: ProgressReport[] }
export interface UnitSummary { id: number; name: string; kind: 'department' | 'town' | 'group'; aliases: string[]; position: number; leads: number; supports: number }
export interface SettingItem { key: string; label: string; value: string }
export interface ListCounts { list_id: string; name: string; total: number; done: number; on_track: number; behind: number; not_started: number; unreported: number; red: number; yellow: number; green: number }
export interface UnitCounts { unit: string; led: number; done: number; on_track: number; behind: number; not_started: number; overdue: number; not_reported: number }
export interface Summary { month: string; lists: ListCounts[]; units: UnitCounts[]; red: TaskProgress[]; missing: { unit: string; tasks: string[] }[] }
export interface GroupCounts { list_id: string; group: string; red: number; yellow: number; green: number; unreported: number }
export interface Overview { summary: Summary; groups: GroupCounts[] }
export interface MissingForm { unit: string; list_id: string; list_name: string; tasks: number; issued_at: string | null }
export interface FormFile { unit: string; path: string; rows: number; supports: number }
export interface RowChange { task_id: string; seq: string; old: string | null; new: string }
export interface FileOutcome {
  path: string; unit: string | null; month: string | null; list_id: string | null; changed: RowChange[]
  unchanged: number; blank: number; problems: string[]; applied: boolean
}
export interface ImportOutcome { files: FileOutcome[]; backup: string | null }
export interface ListImport { list: TaskList; new_units: string[] }
export interface ReportInput {
  task_id: string; unit: string; month: string; status: string; progress: string; problems: string
  next_steps: string; percent: number | null
}
export type Recorded = 'new' | 'replaced' | 'unchanged'

export const api = {
  appInfo: () => invoke<AppInfo>('app_info'),
  uiReady: () => invoke<number>('ui_ready'),
  listProgress: (listId: string, month: string) => invoke<TaskProgress[]>('list_progress', { listId, month }),
  taskDetail: (taskId: string, month: string) => invoke<TaskDetail>('task_detail', { taskId, month }),
  confirmTask: (taskId: string, lead: string[] | null, partner: string[] | null) => invoke<Task>('confirm_task', { taskId, lead, partner }),
  recordReports: (reports: ReportInput[]) => invoke<Recorded[]>('record_reports', { reports }),
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
  exportForms: (listId: string, month: string) => invoke<{ dir: string; files: FormFile[] } | null>('export_forms', { listId, month }),
  pickForms: () => invoke<string[]>('pick_forms'),
  previewForms: (paths: string[]) => invoke<ImportOutcome>('preview_forms', { paths }),
  importForms: (paths: string[]) => invoke<ImportOutcome>('import_forms', { paths }),
  pickListFile: () => invoke<string | null>('pick_list_file'),
  importList: (path: string, id: string, name: string) => invoke<ListImport>('import_list', { path, id, name }),
  backup: () => invoke<string | null>('backup'),
  restore: () => invoke<string | null>('restore'),
}

/// The message of an error from a command (or anything thrown).
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as CommandError).message)
  return String(e)
}
