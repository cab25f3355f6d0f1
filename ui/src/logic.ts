// Pure logic of the window, tested with Vitest (logic.test.ts).
import type { CloseState, ExportKind, ExtensionState, Light, ListDraft, NoticeKind, Plan, RowDraft, RuleRow, Target, TargetState, TargetValue, Task, TaskProgress, UnitScore } from './api'
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

/// YYYY-MM-DD of a Date (local time).
export function dayOf(d: Date): string {
  return `${monthOf(d)}-${String(d.getDate()).padStart(2, '0')}`
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
export const EXPORT_KIND_LABELS = Object.fromEntries(LABELS.export_kinds) as Record<ExportKind, string>

/// An internal id (list or task) where a clerk reads: none may show except a task's 编号.
export const INTERNAL_ID = /\b(?:responsibility|annual-\d{4}|key-projects|[RAP]-\d{3}(?:-\d+)?)\b/

/// The id of a new list (never shown): `annual-2019` for a list named with its year, else
/// `list-2`, `list-3` …, not one of `taken`.
export function newListId(name: string, taken: string[]): string {
  const year = name.match(/(20\d\d)年/)?.[1]
  if (year && !taken.includes(`annual-${year}`)) return `annual-${year}`
  for (let n = 2; ; n++) if (!taken.includes(`list-${n}`)) return `list-${n}`
}

// ---- dates and deadlines, as the core writes them ---------------------------------------------

/// `2020年底`, `2018年9月底`, `2019年6月15日` (the core's `date_label`): for the dates of an
/// extension request and the short deadline of a table cell. A task's 完成时限 in full is the
/// core's `deadline_text`.
export function dateLabel(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  if (!y || !m || !d) return iso
  if (m === 12 && d === 31) return `${y}年底`
  const last = new Date(Date.UTC(y, m, 0)).getUTCDate()
  return d === last ? `${y}年${m}月底` : `${y}年${m}月${d}日`
}

const DEADLINE_SOURCES = Object.fromEntries(LABELS.deadline_sources) as Record<string, string>

/// Where a task's 完成时限 comes from, beside the core's `deadline_text`: the words each
/// deadline was read from (`9月底前`), or how it was set (`方案期限（推定）`), each once.
export function deadlineSources(t: Task): string {
  const out: string[] = []
  for (const m of t.milestones) {
    const w = m.source === 'horizon' ? DEADLINE_SOURCES.horizon : (m.quote ?? DEADLINE_SOURCES[m.source])
    if (w && !out.includes(w)) out.push(w)
  }
  return out.join('；')
}

/// A deadline moved by an approved extension.
export function isExtended(t: Task): boolean {
  return t.milestones.some((m) => m.extended_from)
}

/// The final deadline, short, for a table cell: `2018年底`, `2019年6月底（延期）` where an approved
/// extension moved it (the whole label goes in the tooltip).
export function deadlineShort(t: Task): string {
  return t.deadline ? `${dateLabel(t.deadline)}${isExtended(t) ? '（延期）' : ''}` : ''
}

// ---- 主要目标 ------------------------------------------------------------------------------

/// The words of the target, close and extension states (generated from the core's `label()`).
export const TARGET_STATE_LABELS = Object.fromEntries(LABELS.target_states.map((t) => [t.state, t.label])) as Record<TargetState, string>
export const CLOSE_STATE_LABELS = Object.fromEntries(LABELS.close_states) as Record<CloseState, string>
export const EXTENSION_STATE_LABELS = Object.fromEntries(LABELS.extension_states) as Record<ExtensionState, string>

/// A figure as a clerk writes it: 38, 81.5, 8.7 (the core's `number`).
export function numberText(v: number): string {
  if (Number.isInteger(v)) return String(v)
  return v.toFixed(4).replace(/0+$/, '').replace(/\.$/, '')
}

const SYMBOLS: Record<string, string> = { '<=': '≤', '≥': '≥', '>=': '≥', '≤': '≤', '<': '<', '>': '>', '=': '=' }

/// The target as the sheet writes it: `≤38微克/立方米`, `≥81%`, `=100%` (the core's `target_text`).
export function targetText(t: Pick<Target, 'comparison' | 'value' | 'unit'>): string {
  return `${SYMBOLS[t.comparison.trim()] ?? ''}${numberText(t.value)}${t.unit}`
}

/// 基期值 with its year: `45（2017年）`, or empty.
export function baselineText(t: Target): string {
  return t.baseline !== null && t.baseline_year !== null ? `${numberText(t.baseline)}（${t.baseline_year}年）` : ''
}

/// `2018` → 2018年, `2018-11` → 2018年11月.
export function periodLabel(p: string): string {
  return /^\d{4}$/.test(p) ? `${p}年` : /^\d{4}-\d{2}$/.test(p) ? monthLabel(p) : p
}

/// Orders periods as the core does: by their last day, a year's months before the year itself.
export function periodKey(p: string): string {
  return /^\d{4}$/.test(p) ? `${p}-12~1` : `${p}~0`
}

/// The points of a trend chart: current values (not the replaced ones), oldest period first.
export function trendPoints(values: TargetValue[]): { labels: string[]; data: number[] } {
  const current = values.filter((v) => !v.replaced).sort((a, b) => (periodKey(a.period) < periodKey(b.period) ? -1 : periodKey(a.period) > periodKey(b.period) ? 1 : 0))
  return { labels: current.map((v) => periodLabel(v.period)), data: current.map((v) => v.value) }
}

/// The period the targets page shows: a year, or a year-month.
export type PeriodMode = 'year' | 'month'
export function periodOf(mode: PeriodMode, month: string): string {
  return mode === 'year' ? month.slice(0, 4) : month.slice(0, 7)
}

// ---- 销号 -----------------------------------------------------------------------------------

/// What the grid and the task lists show of a task's closing: nothing while it is open.
export function closingTag(state: CloseState): { text: string; type: 'success' | 'warning' | 'danger' } | null {
  switch (state) {
    case 'closed':
      return { text: '已销号', type: 'success' }
    case 'claimed':
      return { text: '待销号', type: 'warning' }
    case 'returned':
      return { text: '退回', type: 'danger' }
    default:
      return null
  }
}

/// What the clerk can do in a closing state: 销号 a claim; 退回 a claim or a closed task.
export function closingActions(state: CloseState): { close: boolean; ret: boolean } {
  return { close: state === 'claimed', ret: state === 'claimed' || state === 'closed' }
}

/// A file's size as a clerk reads it: 17 KB, 2.4 MB.
export function sizeLabel(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.ceil(bytes / 1024)} KB`
}

// ---- 文书 and 考核 ----------------------------------------------------------------------------

/// The documents of the 文书 page; a notice is named to the core as 督办 / 催办.
export type DocKind = 'supervision' | 'reminder' | 'bulletin'
export const DOC_KINDS: readonly { value: DocKind; label: string; notice: NoticeKind | null }[] = [
  { value: 'supervision', label: '督办通知单', notice: '督办' },
  { value: 'reminder', label: '催办单', notice: '催办' },
  { value: 'bulletin', label: '月度通报', notice: null },
]
/// The choice “全部相关单位” in the unit picker of a notice.
export const ALL_UNITS = '*'

/// 附件说明 as the document prints it: `1．名称` when there are several, the name alone for one
/// (the core's `Document::attachment_lines`).
export function attachmentLines(names: string[]): string[] {
  return names.length === 1 ? [...names] : names.map((n, i) => `${i + 1}．${n}`)
}

/// Points with their sign, as the score sheet writes them: +1, -2, 0, 1.5.
export function pointsText(v: number): string {
  return v > 0 ? `+${numberText(v)}` : numberText(v)
}

/// The setting `score_rules` from the rules table: `base=100;red=-2;…`, every rule written out.
export function scoreRulesText(rows: RuleRow[]): string {
  return rows.map((r) => `${r.key}=${numberText(r.points)}`).join(';')
}

/// The columns of the scores table: the rules other than the base, in the rules' order.
export function scoreColumns(rows: RuleRow[]): RuleRow[] {
  return rows.filter((r) => r.key !== 'base')
}

/// A unit's count and points under one rule: `2项 -4`, or empty when none.
export function scoreCell(s: UnitScore, key: string): string {
  const l = s.lines.find((x) => x.key === key)
  return l && l.count ? `${l.count}项 ${pointsText(l.points)}` : ''
}

/// The settings that differ from what was loaded, as `[key, value]` pairs in the page's order.
export function changedSettings(items: { key: string; value: string }[], saved: Record<string, string>): [string, string][] {
  return items.filter((i) => saved[i.key] !== i.value).map((i) => [i.key, i.value])
}

// ---- 方案 -------------------------------------------------------------------------------------

/// What each plan is called in the switcher and the lists: its short title, and where two plans
/// share one, where each came from (内置方案, or the document it was imported from).
export function planLabels(plans: Plan[]): Map<number, string> {
  const out = new Map<number, string>()
  for (const p of plans) {
    const twin = plans.some((q) => q.id !== p.id && q.short_title === p.short_title)
    out.set(p.id, twin ? `${p.short_title}（${p.source ? `导入自 ${p.source}` : '内置方案'}）` : p.short_title)
  }
  return out
}

/// The rows of a list read from a plan's document that the clerk should check (待核对).
export function flaggedRows(list: ListDraft): RowDraft[] {
  return list.rows.filter((r) => r.review)
}

/// 2018-10-31 → 2018年10月31日
export function dayLabel(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number)
  return y && m && d ? `${y}年${m}月${d}日` : iso
}
