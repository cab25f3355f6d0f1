// Typed wrappers for every command of the desktop shell (src-tauri/src/commands.rs).
import { invoke } from '@tauri-apps/api/core'

// Types generated from the Rust ones (scripts/gen-types.sh): the one truth for both sides.
import type {
  AppInfo, ErrorBody, Export, ExportedForms, ImportOutcome, MonthCycle, OpeningMonth, ListImport, MissingForm, Overview, RawReport, Recorded, SettingItem, Task,
  TaskDetail, TaskProgress, UnitSummary,
} from './bindings'
export type * from './bindings'
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
}

/// The message of an error from a command (or anything thrown).
export function errorMessage(e: unknown): string {
  if (e && typeof e === 'object' && 'message' in e) return String((e as CommandError).message)
  return String(e)
}
