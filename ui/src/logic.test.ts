import { describe, expect, it } from 'vitest'
import {
  baselineText, closingActions, closingTag, dateLabel, deadlineShort, deadlineSources, isExtended, numberText, periodKey, periodLabel, periodOf, sizeLabel, targetText, trendPoints,
} from './logic'
import { attachmentLines, changedSettings, CLOSE_STATE_LABELS, dayLabel, DOC_KINDS, EXPORT_KIND_LABELS, EXTENSION_STATE_LABELS, flaggedRows, planLabels, pointsText, scoreCell, scoreColumns, scoreRulesText, TARGET_STATE_LABELS } from './logic'
import { dirtyRows, emptyFilter, fileName, filterRows, groupsOf, INTERNAL_ID, isSaveKey, isSubmitEnter, monthLabel, monthOf, nextCell, percentLabel, newListId, rowsMissingStatus, splitDropped, splitTaskKey, taskLabel } from './logic'
import type { Target, TargetValue, TaskProgress } from './api'

function row(seq: string, over: Partial<TaskProgress['task']> = {}, p: Partial<TaskProgress> = {}): TaskProgress {
  return {
    task: {
      id: `A-${seq}`, list_id: 'annual-2018', seq, position: Number(seq), chapter: null, category: '打赢蓝天保卫战', name: null,
      text: `任务${seq}`, lead: ['区环保分局'], partner: ['相关镇街'], deadline: '2018-12-31', deadline_source: 'list', deadline_text: '2018年底',
      milestones: [], review: null, source_line: null, ...over,
    },
    month: '2018-11', status: null, status_word: '未报送', overridden: false, reports: [], missing: [], done_earlier: [],
    schedule_share: 11 / 12, percent: null, behind_schedule: false, light: 'unreported', reasons: [], closing: 'open', closing_note: null, ...p,
  }
}

describe('filters', () => {
  const rows = [
    row('1'),
    row('2', { lead: ['区经信局'], category: '“清废”行动', text: '淘汰落后产能' }, { light: 'red', status_word: '滞后' }),
    row('3', { deadline: '2018-09-30' }, { light: 'green', status_word: '已完成' }),
  ]
  it('filters by unit, as lead or partner', () => {
    expect(filterRows(rows, { ...emptyFilter(), unit: '区经信局' }).map((r) => r.task.seq)).toEqual(['2'])
    expect(filterRows(rows, { ...emptyFilter(), unit: '相关镇街' }).length).toBe(3)
  })
  it('filters by light, status, group and deadline', () => {
    expect(filterRows(rows, { ...emptyFilter(), light: 'red' }).map((r) => r.task.seq)).toEqual(['2'])
    expect(filterRows(rows, { ...emptyFilter(), status: '已完成' }).map((r) => r.task.seq)).toEqual(['3'])
    expect(filterRows(rows, { ...emptyFilter(), group: '“清废”行动' }).map((r) => r.task.seq)).toEqual(['2'])
    expect(filterRows(rows, { ...emptyFilter(), dueBefore: '2018-10-31' }).map((r) => r.task.seq)).toEqual(['3'])
  })
  it('searches text, units and 序号', () => {
    expect(filterRows(rows, { ...emptyFilter(), search: '落后' }).map((r) => r.task.seq)).toEqual(['2'])
    expect(filterRows(rows, { ...emptyFilter(), search: '经信' }).map((r) => r.task.seq)).toEqual(['2'])
    expect(filterRows(rows, { ...emptyFilter(), search: '  ' }).length).toBe(3)
  })
  it('lists groups in order', () => {
    expect(groupsOf(rows)).toEqual(['打赢蓝天保卫战', '“清废”行动'])
  })
})

describe('keyboard', () => {
  it('does not submit on the Enter that confirms a pinyin candidate', () => {
    expect(isSubmitEnter(new KeyboardEvent('keydown', { key: 'Enter', isComposing: true }))).toBe(false)
    expect(isSubmitEnter(new KeyboardEvent('keydown', { key: 'Enter' }))).toBe(true)
    expect(isSubmitEnter(new KeyboardEvent('keydown', { key: 'a' }))).toBe(false)
  })
})

describe('month grid', () => {
  const loaded = [
    { taskId: 'A-1', status: '', progress: '', problems: '', next: '', percent: null },
    { taskId: 'A-2', status: '滞后', progress: '做了一半', problems: '', next: '', percent: 50 },
  ]
  it('finds unsaved rows', () => {
    const now = structuredClone(loaded)
    expect(dirtyRows(now, loaded)).toEqual([])
    now[1].percent = 60
    expect(dirtyRows(now, loaded).map((r) => r.taskId)).toEqual(['A-2'])
  })
  it('finds rows filled without a status', () => {
    const now = structuredClone(loaded)
    now[0].progress = '写了进展'
    expect(rowsMissingStatus(now).map((r) => r.taskId)).toEqual(['A-1'])
  })
})

describe('labels', () => {
  it('months and 序时进度', () => {
    expect(monthOf(new Date(2018, 10, 30))).toBe('2018-11')
    expect(monthLabel('2018-11')).toBe('2018年11月')
    expect(percentLabel(11 / 12)).toBe('91.7%')
  })
})

describe('naming tasks as a clerk does', () => {
  it('names a task by its list and 序号', () => {
    expect(taskLabel('分解表', '12')).toBe('分解表第12项')
    expect(splitTaskKey('responsibility:27')).toEqual({ listId: 'responsibility', seq: '27' })
    expect(splitTaskKey('annual-2018:5')).toEqual({ listId: 'annual-2018', seq: '5' })
  })
  it('spots internal ids', () => {
    for (const t of ['responsibility:1', 'annual-2018', 'A-018', 'R-027-2', 'key-projects']) expect(INTERNAL_ID.test(t), t).toBe(true)
    for (const t of ['分解表第1项', '2018年清单第18项', '区环保分局', '2018-11-28']) expect(INTERNAL_ID.test(t), t).toBe(false)
  })
})

describe('dropped files', () => {
  it('keeps spreadsheets and sets the rest aside', () => {
    expect(splitDropped(['/a/区农办-交回.xlsx', 'C:\\下载\\说明.docx', '/b/B.XLS', '/c/x.xlsx.txt'])).toEqual({
      forms: ['/a/区农办-交回.xlsx', '/b/B.XLS'],
      ignored: ['C:\\下载\\说明.docx', '/c/x.xlsx.txt'],
    })
    expect(fileName('C:\\下载\\说明.docx')).toBe('说明.docx')
    expect(fileName('/a/b.xlsx')).toBe('b.xlsx')
  })
})

describe('the grid keyboard', () => {
  it('Tab moves along the row, then to the next row; Shift-Tab back', () => {
    expect(nextCell(0, 0, false, 3, 5)).toEqual({ row: 0, col: 1 })
    expect(nextCell(0, 4, false, 3, 5)).toEqual({ row: 1, col: 0 })
    expect(nextCell(1, 0, true, 3, 5)).toEqual({ row: 0, col: 4 })
    expect(nextCell(0, 0, true, 3, 5)).toBeNull()
    expect(nextCell(2, 4, false, 3, 5)).toBeNull()
  })
  it('Ctrl+S saves, plain S does not', () => {
    expect(isSaveKey(new KeyboardEvent('keydown', { key: 's', ctrlKey: true }))).toBe(true)
    expect(isSaveKey(new KeyboardEvent('keydown', { key: 's' }))).toBe(false)
    expect(isSaveKey(new KeyboardEvent('keydown', { key: 's', ctrlKey: true, altKey: true }))).toBe(false)
  })
})

describe('a new list\'s id', () => {
  it('is made from the year, else numbered, never one taken', () => {
    expect(newListId('2019年主要工作任务清单', ['annual-2018'])).toBe('annual-2019')
    expect(newListId('2019年主要工作任务清单', ['annual-2019'])).toBe('list-2')
    expect(newListId('督办事项', ['list-2'])).toBe('list-3')
  })
})

describe('deadlines as the core writes them', () => {
  it('names month ends, year ends and other days', () => {
    expect(dateLabel('2020-12-31')).toBe('2020年底')
    expect(dateLabel('2018-09-30')).toBe('2018年9月底')
    expect(dateLabel('2020-02-29')).toBe('2020年2月底')
    expect(dateLabel('2019-02-28')).toBe('2019年2月底')
    expect(dateLabel('2019-06-15')).toBe('2019年6月15日')
  })
  it('shortens a deadline for a cell and says where it was read from', () => {
    const moved = { due_on: '2018-12-31', source: 'text' as const, quote: '9月底前', extended_from: '2018-09-30' }
    const t = row('18', { milestones: [{ due_on: '2020-12-31', source: 'text', quote: '到2020年', extended_from: null }, moved] }).task
    expect(isExtended(t)).toBe(true)
    expect(deadlineShort({ ...t, deadline: '2020-12-31' })).toBe('2020年底（延期）')
    expect(deadlineSources(t)).toBe('到2020年；9月底前')
    const assumed = row('1', { deadline_source: 'horizon', milestones: [{ due_on: '2022-12-31', source: 'horizon', quote: null, extended_from: null }] }).task
    expect(isExtended(assumed)).toBe(false)
    expect(deadlineShort({ ...assumed, deadline: '2022-12-31' })).toBe('2022年底')
    expect(deadlineShort({ ...assumed, deadline: null })).toBe('')
    expect(deadlineSources(assumed)).toBe('按方案期限')
    const twice = row('2', { milestones: [{ due_on: '2018-12-31', source: 'list', quote: null, extended_from: null }, { due_on: '2019-12-31', source: 'list', quote: null, extended_from: null }] }).task
    expect(deadlineSources(twice)).toBe('清单年度')
  })
})

describe('the words of enums come from the core', () => {
  it('names target, close and extension states and export kinds', () => {
    expect(TARGET_STATE_LABELS.no_baseline).toBe('待设基期')
    expect(Object.keys(TARGET_STATE_LABELS)).toEqual(['met', 'on_path', 'at_risk', 'missed', 'no_value', 'no_baseline'])
    expect(CLOSE_STATE_LABELS.claimed).toBe('申请销号')
    expect(EXTENSION_STATE_LABELS.rejected).toBe('未批准')
    expect(EXPORT_KIND_LABELS.scores).toBe('考核得分表')
  })
})

describe('targets', () => {
  const pm: Target = { code: 'T-01', indicator: '全区PM2.5平均浓度', comparison: '<=', value: 38, unit: '微克/立方米', year: 2020, quote: '', baseline: null, baseline_year: null, lead: [], partner: [], review: null }
  it('writes targets, figures and baselines as the sheet does', () => {
    expect(targetText(pm)).toBe('≤38微克/立方米')
    expect(targetText({ ...pm, comparison: '>=', value: 81, unit: '%' })).toBe('≥81%')
    expect(targetText({ ...pm, comparison: '=', value: 100, unit: '%' })).toBe('=100%')
    expect(targetText({ ...pm, comparison: '>', value: 8.7, unit: '万亩' })).toBe('>8.7万亩')
    expect(numberText(41.2)).toBe('41.2')
    expect(numberText(0.1 + 0.2)).toBe('0.3')
    expect(numberText(38)).toBe('38')
    expect(baselineText(pm)).toBe('')
    expect(baselineText({ ...pm, baseline: 45.5, baseline_year: 2017 })).toBe('45.5（2017年）')
  })
  it('names and orders periods, months of a year before the year', () => {
    expect(periodLabel('2018')).toBe('2018年')
    expect(periodLabel('2018-11')).toBe('2018年11月')
    expect(['2019', '2018-12', '2018', '2019-01'].sort((a, b) => (periodKey(a) < periodKey(b) ? -1 : 1))).toEqual(['2018-12', '2018', '2019-01', '2019'])
    expect(periodOf('year', '2018-11')).toBe('2018')
    expect(periodOf('month', '2018-11')).toBe('2018-11')
  })
  it('draws current values only, oldest first', () => {
    const v = (period: string, value: number, replaced = false): TargetValue => ({ id: 0, target: 'T-01', period, value, source: '', reported_by: '', entered_by: '', entered_at: '', origin: 'app', replaced })
    expect(trendPoints([v('2019', 40), v('2018', 43, true), v('2018', 42), v('2018-06', 44)])).toEqual({ labels: ['2018年6月', '2018年', '2019年'], data: [44, 42, 40] })
    expect(trendPoints([])).toEqual({ labels: [], data: [] })
  })
})

describe('销号', () => {
  it('tags closed, claimed and returned tasks; nothing for open ones', () => {
    expect(closingTag('closed')?.text).toBe('已销号')
    expect(closingTag('claimed')?.text).toBe('待销号')
    expect(closingTag('returned')?.text).toBe('退回')
    expect(closingTag('open')).toBeNull()
  })
  it('closes only a claim, and sends back a claim or a closed task', () => {
    expect(closingActions('claimed')).toEqual({ close: true, ret: true })
    expect(closingActions('closed')).toEqual({ close: false, ret: true })
    expect(closingActions('open')).toEqual({ close: false, ret: false })
    expect(closingActions('returned')).toEqual({ close: false, ret: false })
  })
  it('writes file sizes', () => {
    expect(sizeLabel(17)).toBe('1 KB')
    expect(sizeLabel(2048)).toBe('2 KB')
    expect(sizeLabel(2.5 * 1024 * 1024)).toBe('2.5 MB')
  })
})

describe('文书 and 考核', () => {
  const rules = [
    { key: 'base', label: '基础分', per: '每个单位', points: 100 },
    { key: 'red', label: '红灯', per: '每项任务', points: -2 },
    { key: 'early_done', label: '提前完成', per: '每项任务', points: 1.5 },
  ]
  it('writes the rules table back as the setting', () => {
    expect(scoreRulesText(rules)).toBe('base=100;red=-2;early_done=1.5')
    expect(scoreColumns(rules).map((r) => r.key)).toEqual(['red', 'early_done'])
  })
  it('shows points with their sign and a unit\'s count under a rule', () => {
    expect([pointsText(1), pointsText(-2), pointsText(0), pointsText(97.5)]).toEqual(['+1', '-2', '0', '+97.5'])
    const s = { unit: '区建设局', tasks: 3, total: 97, rank: 2, lines: [{ key: 'red', label: '红灯', count: 2, points: -4 }, { key: 'green', label: '绿灯', count: 0, points: 0 }] }
    expect(scoreCell(s, 'red')).toBe('2项 -4')
    expect(scoreCell(s, 'green')).toBe('')
    expect(scoreCell(s, 'late_report')).toBe('')
  })
  it('numbers attachments as the document prints them', () => {
    expect(attachmentLines(['红灯任务清单'])).toEqual(['红灯任务清单'])
    expect(attachmentLines(['红灯任务清单', '考核得分情况'])).toEqual(['1．红灯任务清单', '2．考核得分情况'])
    expect(attachmentLines([])).toEqual([])
  })
  it('sends only the settings that changed, in the page\'s order', () => {
    const items = [{ key: 'reply_days', value: '7' }, { key: 'requirements', value: '一要\n二要' }, { key: 'contact_name', value: '张三' }]
    expect(changedSettings(items, { reply_days: '5', requirements: '一要\n二要', contact_name: '' })).toEqual([['reply_days', '7'], ['contact_name', '张三']])
    expect(changedSettings(items, { reply_days: '7', requirements: '一要\n二要', contact_name: '张三' })).toEqual([])
  })
  it('names a notice to the core as 督办 or 催办, the 通报 not at all', () => {
    expect(DOC_KINDS.map((k) => [k.label, k.notice])).toEqual([['督办通知单', '督办'], ['催办单', '催办'], ['月度通报', null]])
  })
})

describe('方案', () => {
  const plan = (id: number, short: string, source: string | null) => ({
    id, title: `《${short}》`, short_title: short, issuer: '区府办', issuer_full: '区府办', issued_on: '2018-10-31', horizon: '2022-12-31', current: id === 1, source,
  })
  it('names plans by short title, and where two share one, by where each came from', () => {
    const labels = planLabels([plan(1, '越城区生态文明示范创建行动方案', null), plan(2, '越城区生态文明示范创建行动方案', 'builtin-plan.docx'), plan(3, '2019年督办事项', '督办.docx')])
    expect(labels.get(1)).toBe('越城区生态文明示范创建行动方案（内置方案）')
    expect(labels.get(2)).toBe('越城区生态文明示范创建行动方案（导入自 builtin-plan.docx）')
    expect(labels.get(3)).toBe('2019年督办事项')
    expect(planLabels([plan(1, '甲方案', null)]).get(1)).toBe('甲方案')
  })
  it('lists the rows read from a document that need checking', () => {
    const r = (seq: string, review: string | null) => ({ seq, chapter: null, category: null, name: null, text: '', lead: [], partner: [], deadline: null, remark: null, review, provenance: { table: 2, row: Number(seq) + 1 } })
    const list = { attachment: '附件2', name: '分解表', title: '', kind: 'responsibility' as const, year: null, tables: [2], header: [], rows: [r('1', null), r('2', '各镇街为牵头单位'), r('3', null)] }
    expect(flaggedRows(list).map((x) => x.seq)).toEqual(['2'])
  })
  it('writes a day as a clerk reads it', () => {
    expect(dayLabel('2018-10-31')).toBe('2018年10月31日')
    expect(dayLabel('')).toBe('')
  })
})
