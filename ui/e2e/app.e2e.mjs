// End-to-end tests of the real app: the built binary in a real window (Xvfb), driven through
// WebDriver (tauri-driver + WebKitWebDriver). Run by scripts/e2e.sh, which starts the display
// and the driver and sets TAIZHANG_DB (a fresh ledger), TAIZHANG_E2E_DIALOGS (answers the file
// dialogs) and TAIZHANG_E2E_OPENER (where "opening" a file is written down).
//
// Today is past the built-in plan's horizon (2022年底): the window opens on the plan's last
// month, so the tests pick 2018年11月 explicitly.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import path from 'node:path'
import { Session, sleep } from './webdriver.mjs'

const APP = process.env.TAIZHANG_APP
const CLI = process.env.TAIZHANG_CLI
const DB = process.env.TAIZHANG_DB
const DIALOGS = process.env.TAIZHANG_E2E_DIALOGS
const OPENER = process.env.TAIZHANG_E2E_OPENER
const SHOTS = process.env.E2E_SHOTS ?? path.resolve('e2e/shots')
const ROOT = path.resolve(import.meta.dirname, '../..')
for (const [k, v] of Object.entries({ TAIZHANG_APP: APP, TAIZHANG_CLI: CLI, TAIZHANG_DB: DB, TAIZHANG_E2E_DIALOGS: DIALOGS, TAIZHANG_E2E_OPENER: OPENER })) {
  if (!v) throw new Error(`${k} is not set: run the end-to-end tests through scripts/e2e.sh`)
}
fs.mkdirSync(SHOTS, { recursive: true })

let s
const MONTH = '2018-11'
/// Internal ids that must never show where a clerk reads (a task's 编号 in its drawer aside).
const INTERNAL_ID = /\b(?:responsibility|annual-\d{4}|key-projects|[RAP]-\d{3}(?:-\d+)?)\b/
const cli = (...args) => execFileSync(CLI, ['--db', DB, ...args], { encoding: 'utf8' })
const shot = async (name) => fs.writeFileSync(path.join(SHOTS, `${name}.png`), await s.screenshot())
const menu = async (page) => { await s.click(await s.wait(`[data-test=menu-${page}]`)); await s.wait(`[data-test=page-${page}]`) }
/// What a clerk reads on the page: the text of the window, drawers and tooltips included.
const screenText = () => s.exec('return document.body.innerText')
const openerLog = () => (fs.existsSync(OPENER) ? fs.readFileSync(OPENER, 'utf8') : '')

/// Picks `label` in the Element Plus select inside `container` (its options open in a popper).
async function choose(containerId, label) {
  await s.click(containerId)
  const option = await s.wait(`//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${label}']`)
  await s.click(option)
}
/// Sets the working month through the month picker in the header, as a clerk does: open it,
/// step back through the years, click the month.
async function pickMonth(m) {
  const [y, mm] = m.split('-').map(Number)
  const input = await s.wait('.el-header .el-date-editor input')
  await s.click(input)
  const label = async () => Number((await s.text(await s.wait('.el-picker-panel .el-date-picker__header-label'))).match(/\d{4}/)[0])
  for (let i = 0; i < 20 && (await label()) !== y; i++) {
    await s.click(await s.wait(`.el-picker-panel .${(await label()) > y ? 'd-arrow-left' : 'd-arrow-right'}`))
  }
  const months = ['一月', '二月', '三月', '四月', '五月', '六月', '七月', '八月', '九月', '十月', '十一月', '十二月']
  await s.click(await s.wait(`//table[contains(@class,'el-month-table')]//td[normalize-space(.)='${months[mm - 1]}']`))
  await sleep(500)
  assert.equal(await s.exec('return arguments[0].value', [s.ref(input)]), `${y}年${mm}月`)
}
/// The step of the month's cycle on the overview: done or not, and its detail.
async function cycleStep(key) {
  const id = await s.wait(`[data-test=cycle-${key}]`)
  return { done: (await s.exec('return arguments[0].dataset.done', [s.ref(id)])) === 'true', detail: await s.text(id) }
}
/// Calls a command of the window as its page would (resolves to the result or {error}).
const invoke = (cmd, args) =>
  s.execAsync(`const done = arguments[2]; window.__TAURI_INTERNALS__.invoke(arguments[0], arguments[1]).then((r) => done({ ok: r ?? null }), (e) => done({ failed: e }))`, [cmd, args])

before(async () => {
  assert.ok(!fs.existsSync(DB), 'starts on a fresh data directory')
  const t0 = Date.now()
  s = await Session.start(APP)
  await s.waitText('[data-test=plan-title]', (t) => t.includes('越城区'), 15000)
  await s.waitText('[data-test=stat-total] .el-statistic__number', (t) => t.trim() === '166', 15000)
  await sleep(200)
  const frame = await s.exec('return window.__frameMs')
  const ready = await s.exec('return window.__readyMs')
  console.log(`# start-up: the frame was on screen ${frame} ms and the plan ${ready} ms after the app process started (${Date.now() - t0} ms after the WebDriver session was requested)`)
})

after(async () => {
  if (s) {
    try { await s.quit() } catch { /* already gone */ }
  }
})

test('starts on a fresh ledger: an expired plan opens on its last month, with a quiet note', async () => {
  assert.ok(fs.existsSync(DB), 'the ledger was created at first start')
  assert.match(cli('lists'), /responsibility\s+工作任务责任分解表\s+100/)
  assert.deepEqual(await s.exec('return [window.innerWidth, window.innerHeight]'), [1280, 800], 'the default window size')
  const banner = await s.waitText('[data-test=opening-banner]', (t) => t.includes('本方案期限至2022年底'))
  assert.ok(banner.includes('方案的最后一个月 2022年12月'), banner)
  const picker = await s.wait('.el-header .el-date-editor input')
  assert.equal(await s.exec('return arguments[0].value', [s.ref(picker)]), '2022年12月')
  // The month picker still goes anywhere; the note is about the month it opened on.
  await pickMonth(MONTH)
  assert.equal((await s.findAll('[data-test=opening-banner]')).length, 0, 'the note goes with its month')
})

test('the overview names tasks by list and 序号, never by internal id; a click opens the task', async () => {
  await s.waitText('[data-test=missing-units]', (t) => t.includes('区经信局') && t.includes('分解表第1项'))
  const text = await screenText()
  assert.doesNotMatch(text, INTERNAL_ID, 'no internal id on the overview')
  assert.match(text, /2018年清单第\d+项/)
  // The month's cycle, read from the ledger: nothing done yet for 2018年11月.
  for (const key of ['forms_sent', 'forms_back', 'imported', 'monthly_exported', 'summary_exported']) {
    assert.equal((await cycleStep(key)).done, false, key)
  }
  assert.ok((await cycleStep('forms_sent')).detail.includes('尚未生成本月填报表'))
  // Hovering a task shows its text; clicking opens its drawer, where its 编号 is shown.
  const ref = await s.wait(`//div[@data-test='missing-units']//a[@data-test='task-ref'][normalize-space(.)='分解表第1项']`)
  await s.exec(`arguments[0].dispatchEvent(new MouseEvent('mouseenter'))`, [s.ref(ref)])
  await s.waitText('.task-tip', (t) => t.includes('加快淘汰落后产能'))
  await s.exec(`arguments[0].dispatchEvent(new MouseEvent('mouseleave'))`, [s.ref(ref)])
  await s.click(ref)
  const drawer = await s.waitText('[data-test=task-drawer]', (t) => t.includes('变更记录'))
  assert.ok(drawer.includes('分解表第1项'), drawer)
  assert.ok((await s.text(await s.wait('[data-test=task-drawer] [data-test=task-code], [data-test=task-drawer] .el-descriptions'))).includes('R-001'))
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
  await shot('overview')
})

test('filters a task table', async () => {
  await menu('tasks')
  await s.waitText('[data-test=row-count]', (t) => t.includes('共 100 / 100 行'))
  const search = await s.wait('input[data-test=search]')
  await s.type(search, '臭气')
  await s.type(search, '\uE007') // Enter
  const count = await s.waitText('[data-test=row-count]', (t) => /共 \d+ \/ 100 行/.test(t) && !t.includes('共 100 /'))
  const n = Number(count.match(/共 (\d+)/)[1])
  assert.ok(n >= 2 && n < 10, count)
  const table = await s.text(await s.wait('[data-test=task-table]'))
  assert.ok(table.includes('加强工业臭气异味治理'), table)
  await shot('tasks-filtered')
  // A row opens the task's page with its history.
  await s.click(await s.wait(`//div[@data-test='task-table']//td[contains(., '加强工业臭气异味治理')]`))
  const drawer = await s.waitText('[data-test=task-drawer]', (t) => t.includes('变更记录') && t.includes('区环保分局'))
  assert.ok(drawer.includes('分解表第26项'), drawer)
  await shot('task-page')
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
})

test('the month grid fits 1280×800, edits one row at a time, and keeps to the keyboard', async () => {
  await menu('monthly')
  await s.waitText('[data-test=report-grid]', (t) => t.includes('加快淘汰落后产能'))
  const unit = await s.content(await s.wait('[data-test=report-unit]'))
  assert.ok(unit.includes('区经信局'), unit)
  // No sideways scrolling, and the light column in view.
  const fit = await s.exec(`
    const wrap = document.querySelector('[data-test=report-grid] .el-table__body-wrapper .el-scrollbar__wrap')
    const th = [...document.querySelectorAll('[data-test=report-grid] th')].find((x) => x.innerText.trim() === '亮灯')
    const r = th.getBoundingClientRect()
    return { scroll: wrap.scrollWidth, client: wrap.clientWidth, right: r.right, width: r.width, window: window.innerWidth }`)
  assert.ok(fit.scroll <= fit.client, `no horizontal scroll: ${JSON.stringify(fit)}`)
  assert.ok(fit.width > 40 && fit.right <= fit.window, `the light column is visible: ${JSON.stringify(fit)}`)
  assert.equal((await s.findAll('[data-test=report-grid] textarea')).length, 0, 'no editor until a row is edited')

  // A click on a cell edits its row: status, then the text that grows as it is typed.
  await s.click(await s.wait('[data-test=report-grid] tbody tr:nth-child(1) [data-test=grid-cell-status]'))
  await choose(await s.wait('[data-test=grid-status]'), '按序时推进')
  await s.click(await s.wait('[data-test=report-grid] tbody tr:nth-child(1) [data-test=grid-cell-progress], [data-test=report-grid] tbody tr:nth-child(1) textarea[data-test=grid-progress]'))
  const progress = await s.wait('textarea[data-test=grid-progress]')
  const h0 = await s.exec('return arguments[0].offsetHeight', [s.ref(progress)])
  await s.type(progress, '本月关停落后产能企业3家。\n完成淘汰落后产能设备21台套。\n对列入计划的12家企业逐一上门核查。\n下月完成验收。')
  const h1 = await s.exec('return arguments[0].offsetHeight', [s.ref(progress)])
  assert.ok(h1 > h0, `the text box grows while typing (${h0} → ${h1})`)
  // Tab moves to 存在问题, Shift-Tab back.
  await s.type(progress, '\uE004')
  assert.equal(await s.exec(`return document.activeElement.closest('[data-editor]')?.dataset.editor`), 'problems')
  await s.type(await s.wait('textarea[data-test=grid-problems]'), '\uE008\uE004\uE000')
  assert.equal(await s.exec(`return document.activeElement.closest('[data-editor]')?.dataset.editor`), 'progress')
  await shot('monthly-editing')
  // Esc cancels the edit of another row.
  await s.click(await s.wait('[data-test=report-grid] tbody tr:nth-child(2) [data-test=grid-cell-progress]'))
  const second = await s.wait('textarea[data-test=grid-progress]')
  await s.type(second, '不要保存这一行')
  await s.type(second, '\uE00C') // Esc
  await sleep(200)
  assert.equal((await s.findAll('[data-test=report-grid] textarea')).length, 0)
  assert.ok(!(await s.text(await s.wait('[data-test=report-grid]'))).includes('不要保存这一行'))
  assert.ok((await s.text(await s.wait('[data-test=page-monthly]'))).includes('未保存 1 行'))

  // Leaving with unsaved rows asks first; staying keeps what was typed.
  await s.click(await s.wait('[data-test=menu-tasks]'))
  await s.wait(`//div[contains(@class,'el-message-box')][contains(., '尚未保存')]`)
  await s.click(await s.wait(`//button[contains(., '留在本页')]`))
  await sleep(400)
  await s.wait('[data-test=page-monthly]')
  assert.ok((await s.text(await s.wait('[data-test=report-grid]'))).includes('本月关停落后产能企业3家。'))
  // Ctrl+S saves.
  await s.click(await s.wait('[data-test=report-grid] tbody tr:nth-child(1) [data-test=grid-cell-percent]'))
  await s.type(await s.wait('[data-test=grid-percent] input'), '40\uE009s\uE000')
  await s.wait(`//*[contains(@class,'el-message')][contains(., '已保存 1 行')]`)
  const history = cli('history', '--task', 'R-001')
  assert.ok(history.includes('区经信局\t按序时推进'), history)
  assert.ok(history.includes('本月关停落后产能企业3家。'), history)
  await sleep(3200) // the toast fades before the screenshot
  await shot('monthly')
})

test('exports, then opens the file and its folder from the window', async () => {
  await menu('export')
  await s.click(await s.wait('[data-test=export-monthly]'))
  const note = await s.waitText('[data-test=export-done]', (t) => t.includes('已导出进展情况表'))
  assert.ok(!note.includes(DIALOGS), 'the note names the file, not its long path')
  const file = fs.readdirSync(DIALOGS).map((f) => path.join(DIALOGS, f)).find((f) => path.basename(f).includes('进展情况表'))
  assert.ok(file && fs.statSync(file).size > 5000, `exported file ${file}`)
  assert.ok(path.basename(file).startsWith('越城区生态文明示范创建工作任务'), file)
  await shot('export-done')
  await s.click(await s.wait(`//div[@data-test='export-done']//button[contains(., '打开所在文件夹')]`))
  await s.click(await s.wait(`//div[@data-test='export-done']//button[contains(., '打开文件')]`))
  for (let i = 0; i < 50 && !openerLog().includes('open '); i++) await sleep(100)
  assert.ok(openerLog().includes(`reveal ${file}\n`), openerLog())
  assert.ok(openerLog().includes(`open ${file}\n`), openerLog())
  // The recent exports list the file with the same actions.
  await s.click(await s.wait('[data-test=export-summary]'))
  await s.waitText('[data-test=export-done]', (t) => t.includes('已导出统计汇总'))
  const recent = await s.waitText('[data-test=recent-exports]', (t) => t.includes('统计汇总') && t.includes('进展情况表'))
  assert.ok(recent.includes(path.basename(file)), recent)
  assert.doesNotMatch(recent, INTERNAL_ID)
  await s.click(await s.wait(`//div[@data-test='recent-exports']//tr[contains(., '进展情况表')]//button[contains(., '打开所在文件夹')]`))
  for (let i = 0; i < 50 && openerLog().split(`reveal ${file}`).length < 3; i++) await sleep(100)
  assert.equal(openerLog().split(`reveal ${file}`).length, 3, openerLog())
  // Only what the app exported can be opened.
  const refused = await invoke('open_export', { path: '/etc/passwd' })
  assert.equal(refused.failed?.code, 'not_exported', JSON.stringify(refused))
  assert.ok(!openerLog().includes('/etc/passwd'))
  await sleep(3200)
  await shot('export')
})

/// A form a unit got (exported by the CLI) and filled in with openpyxl, as Excel or WPS would.
function filledForm(out, unit, ops) {
  const form = path.join(out, fs.readdirSync(out).find((f) => f.startsWith(`${unit}-`)))
  const filled = path.join(DIALOGS, `${unit}-交回.xlsx`)
  const opsFile = path.join(DIALOGS, `${unit}-ops.json`)
  fs.writeFileSync(opsFile, JSON.stringify(ops))
  execFileSync('python3', [path.join(ROOT, 'tests/support/fill_form.py'), form, filled, opsFile])
  return filled
}

test('forms dropped on the window go to the preview; the month\'s cycle follows', async () => {
  const out = path.join(DIALOGS, 'forms-out')
  fs.mkdirSync(out, { recursive: true })
  cli('export', 'forms', '--list', 'annual-2018', '--month', MONTH, '--out-dir', out)
  await menu('overview')
  const sent = await cycleStep('forms_sent')
  assert.ok(sent.done && /\d+ 份，\d{4}-\d\d-\d\d 发出/.test(sent.detail), sent.detail)
  assert.equal((await cycleStep('imported')).done, false)
  assert.equal((await cycleStep('monthly_exported')).done, true, 'exported in the test before')
  assert.equal((await cycleStep('summary_exported')).done, true)
  const a = filledForm(out, '区农办', [{ fill: { id: 'A-036', status: '已完成', progress: '完成公厕改造618座。', percent: 100 } }])
  const b = filledForm(out, '区建设局', [
    { fill: { id: 'A-012', status: '按序时推进', progress: '新建配套管网30公里。', percent: 86 } },
    { fill: { id: 'A-018', status: '滞后', progress: '已完成流量计安装60%。', percent: 60 } },
  ])
  const note = path.join(DIALOGS, '说明.docx')
  fs.writeFileSync(note, 'not a form')
  // Dropped on the overview, through the same handler as a real drop: asked, then previewed.
  await s.exec('window.__taizhang.drop(arguments[0]); return true', [[a, note, b]])
  await s.wait(`//*[contains(@class,'el-message')][contains(., '已忽略 1 个不是 Excel 表格的文件：说明.docx')]`)
  await s.click(await s.wait(`//div[contains(@class,'el-message-box')]//button[contains(., '去检查')]`))
  const preview = await s.waitText('[data-test=preview-file]', (t) => t.includes('区农办'))
  assert.ok(preview.includes('变更 1 行'), preview)
  assert.ok(preview.includes('2018年清单第36项：（无） → 已完成 100%'), preview)
  const second = await s.waitText('[data-test=preview-file]', (t) => t.includes('区建设局'))
  assert.ok(second.includes('变更 2 行'), second)
  assert.doesNotMatch(await screenText(), INTERNAL_ID)
  await shot('import-preview')
  await s.click(await s.wait('[data-test=apply-forms]'))
  const result = await s.waitText('[data-test=import-result]', (t) => t.includes('已导入 2 个文件'))
  assert.ok(result.includes('备份'), result)
  assert.ok(cli('history', '--task', 'A-036').includes('区农办\t已完成\t100%'))
  assert.ok(cli('history', '--task', 'A-018').includes('区建设局\t滞后\t60%'))
  // On the import tab already, a drop previews at once; the picker still works too.
  fs.writeFileSync(path.join(DIALOGS, 'open.txt'), `${a}\n`)
  await s.click(await s.wait('[data-test=pick-forms]'))
  await s.waitText('[data-test=preview-file]', (t) => t.includes('区农办') && t.includes('变更 0 行'))
  await menu('overview')
  const imported = await cycleStep('imported')
  assert.ok(imported.detail.includes('已导入 2 份填报表'), imported.detail)
  assert.match((await cycleStep("forms_back")).detail, /交回 \d+\/\d+/)
  await sleep(3200)
  await shot('overview-cycle')
})

test('every other page opens, with no internal id on it', async () => {
  for (const page of ['units', 'settings', 'backup', 'import', 'tasks', 'monthly', 'export', 'overview']) {
    await menu(page)
    await sleep(300)
    assert.doesNotMatch(await screenText(), INTERNAL_ID, page)
    await shot(`page-${page}`)
  }
  await s.click(await s.wait('[data-test=menu-backup]'))
  await s.click(await s.wait('[data-test=backup]'))
  const r = await s.waitText('[data-test=backup-result]', (t) => t.includes('已备份到'))
  const file = r.split('：').slice(1).join('：').trim()
  assert.ok(fs.existsSync(file), file)
  assert.match(execFileSync(CLI, ['--db', file, 'lists'], { encoding: 'utf8' }), /annual-2018/)
  await menu('units')
})

test('a new start opens on the month of the latest report and on the last page', async () => {
  await s.quit()
  s = await Session.start(APP)
  const banner = await s.waitText('[data-test=opening-banner]', (t) => t.includes('最近有报送的月份'), 15000)
  assert.ok(banner.includes('本方案期限至2022年底，当前显示最近有报送的月份 2018年11月'), banner)
  await s.wait('[data-test=page-units]')
  await menu('overview')
  await s.waitText('[data-test=stat-total] .el-statistic__number', (t) => t.trim() === '166')
  await shot('overview-expired')
})
