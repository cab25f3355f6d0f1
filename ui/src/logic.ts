// Pure logic of the window, tested with Vitest (logic.test.ts).
import type { Light, TaskProgress } from './api'
import { LABELS } from './bindings/labels'

/// 红灯 / 黄灯 / 绿灯 / 未报送, from the core.
export const LIGHT_LABELS = Object.fromEntries(LABELS.lights.map((l) => [l.light, l.label])) as Record<Light, string>
/// Chart colours of the statuses and of 未报送, the same as in the summary's chart.
export const CHART_COLORS = Object.fromEntries(LABELS.chart_colors) as Record<'done' | 'on_track' | 'behind' | 'not_started' | 'unreported', string>
/// The light's colour, the same as in the sheets.
export const LIGHT_COLORS = Object.fromEntries(LABELS.lights.map((l) => [l.light, l.color])) as Record<Light, string>

export function lightClass(light: Light): string {
  return `light light-${light}`
}

/// Enter that submits: not the Enter that confirms a pinyin candidate in an input method.
export function isSubmitEnter(e: KeyboardEvent): boolean {
  return e.key === 'Enter' && !e.isComposing && e.keyCode !== 229
}

/// YYYY-MM of a Date.
export function monthOf(d: Date): string {
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`
}

/// 2018-11 → 2018年11月
export function monthLabel(m: string): string {
  const [y, mm] = m.split('-')
  return `${y}年${Number(mm)}月`
}

export interface TaskFilterState {
  group: string
  unit: string
  status: string
  light: string
  dueBefore: string
  search: string
}

export const emptyFilter = (): TaskFilterState => ({ group: '', unit: '', status: '', light: '', dueBefore: '', search: '' })

/// The group a row is filed under: chapter (responsibility table) or 项目 / 工作内容.
export function groupOf(p: TaskProgress): string {
  return p.task.chapter ?? p.task.category ?? ''
}

/// Filters rows as the filter bar says; search looks in the text, units, 序号 and category.
export function filterRows(rows: TaskProgress[], f: TaskFilterState): TaskProgress[] {
  const q = f.search.trim().toLowerCase()
  return rows.filter((p) => {
    const t = p.task
    if (f.group && groupOf(p) !== f.group && t.category !== f.group) return false
    if (f.unit && !t.lead.includes(f.unit) && !t.partner.includes(f.unit)) return false
    if (f.status && p.status_word !== f.status) return false
    if (f.light && p.light !== f.light) return false
    if (f.dueBefore && (!t.deadline || t.deadline > f.dueBefore)) return false
    if (q) {
      const hay = [t.seq, t.text, t.name ?? '', t.category ?? '', ...t.lead, ...t.partner].join(' ').toLowerCase()
      if (!hay.includes(q)) return false
    }
    return true
  })
}

/// The distinct groups of rows, in order of appearance.
export function groupsOf(rows: TaskProgress[]): string[] {
  const out: string[] = []
  for (const p of rows) {
    const g = groupOf(p)
    if (g && !out.includes(g)) out.push(g)
  }
  return out
}

/// One editable row of the month's grid.
export interface GridRow {
  taskId: string
  status: string
  progress: string
  problems: string
  next: string
  percent: number | null
}

/// Rows whose values differ from what was loaded: what saving would send, and what leaving the
/// page would lose.
export function dirtyRows(rows: GridRow[], loaded: GridRow[]): GridRow[] {
  const byId = new Map(loaded.map((r) => [r.taskId, r]))
  return rows.filter((r) => {
    const o = byId.get(r.taskId)
    if (!o) return true
    return o.status !== r.status || o.progress !== r.progress || o.problems !== r.problems || o.next !== r.next || o.percent !== r.percent
  })
}

/// Rows filled in without a status: saving them would be refused.
export function rowsMissingStatus(rows: GridRow[]): GridRow[] {
  return rows.filter((r) => !r.status && (r.progress.trim() || r.problems.trim() || r.next.trim() || r.percent !== null))
}

/// 序时进度 as a clerk reads it: 91.7%.
export function percentLabel(share: number): string {
  return `${(Math.round(share * 1000) / 10).toFixed(1)}%`
}

/// What a clerk calls a task: 分解表第12项.
export function taskLabel(listShortName: string | undefined, seq: string): string {
  return `${listShortName ?? ''}第${seq}项`
}

/// `responsibility:12` (how the summary names a task without its report) → list id and 序号.
export function splitTaskKey(key: string): { listId: string; seq: string } {
  const i = key.lastIndexOf(':')
  return i < 0 ? { listId: '', seq: key } : { listId: key.slice(0, i), seq: key.slice(i + 1) }
}

/// The file name of a path, on Windows or elsewhere.
export function fileName(p: string): string {
  return p.split(/[\\/]/).pop() ?? p
}

/// Dropped files: the spreadsheets a returned form can be, and the rest (ignored with a note).
export function splitDropped(paths: string[]): { forms: string[]; ignored: string[] } {
  const forms: string[] = []
  const ignored: string[] = []
  for (const p of paths) (/\.xlsx?$/i.test(p) ? forms : ignored).push(p)
  return { forms, ignored }
}

/// The cell Tab (or Shift-Tab) moves to in a grid of `rows` × `cols` editable cells, row by row;
/// null past either end (the focus leaves the grid).
export function nextCell(row: number, col: number, back: boolean, rows: number, cols: number): { row: number; col: number } | null {
  let i = row * cols + col + (back ? -1 : 1)
  if (i < 0 || i >= rows * cols) return null
  return { row: Math.floor(i / cols), col: i % cols }
}

/// Ctrl+S (or ⌘S): save.
export function isSaveKey(e: KeyboardEvent): boolean {
  return (e.ctrlKey || e.metaKey) && !e.altKey && (e.key === 's' || e.key === 'S')
}

/// What the export log's kinds are called (the core's `ExportKind::label`).
export const EXPORT_KIND_LABELS: Record<string, string> = {
  table: '任务清单',
  monthly: '进展情况表',
  summary: '统计汇总',
  forms: '填报表',
  notice: '督办/催办通知',
  bulletin: '月度通报',
  scores: '考核得分表',
  targets: '主要目标完成情况表',
}

/// An internal id (list or task) where a clerk reads: none may show except a task's 编号.
export const INTERNAL_ID = /\b(?:responsibility|annual-\d{4}|key-projects|[RAP]-\d{3}(?:-\d+)?)\b/

/// The id of a new list (never shown): `annual-2019` for a list named with its year, else
/// `list-2`, `list-3` …, not one of `taken`.
export function newListId(name: string, taken: string[]): string {
  const year = name.match(/(20\d\d)年/)?.[1]
  if (year && !taken.includes(`annual-${year}`)) return `annual-${year}`
  for (let n = 2; ; n++) if (!taken.includes(`list-${n}`)) return `list-${n}`
}
