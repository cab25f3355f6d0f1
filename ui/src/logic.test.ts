import { describe, expect, it } from 'vitest'
import { dirtyRows, emptyFilter, fileName, filterRows, groupsOf, INTERNAL_ID, isSaveKey, isSubmitEnter, monthLabel, monthOf, nextCell, percentLabel, newListId, rowsMissingStatus, splitDropped, splitTaskKey, taskLabel } from './logic'
import type { TaskProgress } from './api'

function row(seq: string, over: Partial<TaskProgress['task']> = {}, p: Partial<TaskProgress> = {}): TaskProgress {
  return {
    task: {
      id: `A-${seq}`, list_id: 'annual-2018', seq, position: Number(seq), chapter: null, category: '打赢蓝天保卫战', name: null,
      text: `任务${seq}`, lead: ['区环保分局'], partner: ['相关镇街'], deadline: '2018-12-31', deadline_source: 'list',
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
