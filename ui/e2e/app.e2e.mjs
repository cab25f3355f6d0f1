// End-to-end tests of the real app: the built binary in a real window (Xvfb), driven through
// WebDriver (tauri-driver + WebKitWebDriver). Run by scripts/e2e.sh, which starts the display
// and the driver and sets TAIZHANG_DB (a fresh ledger), TAIZHANG_E2E_DIALOGS (answers the file
// dialogs) and TAIZHANG_E2E_OPENER (where "opening" a file is written down).
//
// Today is past the built-in plan's horizon (2022年底): the window opens on the plan's last
// month, so the tests pick 2018年11月 explicitly.
import { after, afterEach, before, test } from 'node:test'
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

// A test that failed half-way leaves no drawer or dialog open over the next one.
afterEach(async (t) => {
  if (!s) return
  try {
    // What the window showed when the test ended (to see why one failed).
    fs.writeFileSync(path.join(SHOTS, `end-${t.name.slice(0, 24).replace(/[^\p{L}\p{N}]+/gu, '-')}.png`), await s.screenshot())
    await s.exec(`for (const b of document.querySelectorAll('.el-drawer__close-btn, .el-dialog__headerbtn')) if (b.offsetParent) b.click()`)
    await sleep(400)
  } catch { /* the session is gone */ }
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

/// The row of a target in the 主要目标 table.
const targetRow = (code) => `//div[@data-test='target-table']//tbody/tr[td[1][normalize-space(.)='${code}']]`
/// Types into an Element Plus date picker as a clerk does, and confirms with Enter.
async function typeDate(selector, text) {
  const input = await s.wait(`${selector} input`)
  await s.click(input)
  await s.exec('arguments[0].select()', [s.ref(input)])
  await s.type(input, `${text}\uE007`)
  await sleep(300)
}
const toast = (text) => s.wait(`//*[contains(@class,'el-message')][contains(., '${text}')]`)
/// Replaces what a text box holds, as a clerk does (select all, type): WebDriver's clear does
/// not tell Vue.
async function retype(id, text) {
  await s.exec('arguments[0].focus(); arguments[0].select()', [s.ref(id)])
  await s.type(id, text)
}

test('主要目标: 23 targets; a value recorded changes 完成情况; the trend is drawn; the sheet is exported', async () => {
  cli('settings', '--set', 'clerk_name=钱文书')
  await menu('targets')
  await s.waitText('[data-test=target-table]', (t) => t.includes('全区PM2.5平均浓度') && t.includes('城乡生活垃圾资源化利用率'))
  assert.equal((await s.findAll('[data-test=target-table] tbody tr')).length, 23)
  assert.ok((await s.text(await s.wait('[data-test=target-counts]'))).includes('共 23 项指标：未报送 23'))
  const row = await s.text(await s.wait(targetRow('T-01')))
  assert.ok(row.includes('≤38微克/立方米') && row.includes('2020') && row.includes('未报送') && row.includes('暂无数据'), row)
  assert.equal((await s.findAllX(`${targetRow('T-01')}//canvas`)).length, 0, 'no chart without values')
  const fit = await s.exec(`const w = document.querySelector('[data-test=target-table] .el-table__body-wrapper .el-scrollbar__wrap'); return [w.scrollWidth, w.clientWidth]`)
  assert.ok(fit[0] <= fit[1], `no sideways scroll: ${fit}`)

  // 登记数值: a value that is not a number is refused with the core's message, and nothing changes.
  await s.click(await s.wait(`${targetRow('T-01')}//button[@data-test='record-target']`))
  const value = await s.wait('input[data-test=record-value]')
  await s.type(value, '较好')
  await s.type(await s.wait('input[data-test=record-source]'), '区环保分局监测年报')
  await s.click(await s.wait('[data-test=record-save]'))
  await toast('数值“较好”不正确')
  await retype(value, '41.2')
  await s.click(await s.wait('[data-test=record-save]'))
  await toast('已登记 全区PM2.5平均浓度 2018年 的数值')
  // No baseline yet: progress cannot be judged.
  let t01 = await s.waitText(targetRow('T-01'), (t) => t.includes('41.2'))
  assert.ok(t01.includes('待设基期') && t01.includes('2018年'), t01)
  assert.equal((await s.findAllX(`${targetRow('T-01')}//canvas`)).length, 1, 'the trend chart is drawn')

  // 设定: the responsible unit and the baseline; then 完成情况 says 有望达标.
  await s.click(await s.wait(`${targetRow('T-01')}//button[@data-test='set-target']`))
  // A long list: the option is clicked where it is, even while the list is still settling.
  await s.click(await s.wait('[data-test=set-lead]'))
  await s.exec('arguments[0].click()', [s.ref(await s.wait(`//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='区环保分局']`))])
  await s.type(await s.wait('input[data-test=set-baseline]'), '45')
  await typeDate('[data-test=set-baseline-year]', '2017')
  await s.click(await s.wait('[data-test=set-save]'))
  await toast('已保存')
  t01 = await s.waitText(targetRow('T-01'), (t) => t.includes('有望达标'))
  assert.ok(/45\s+2017年/.test(t01) && t01.includes('区环保分局'), t01)
  assert.match(cli('targets'), /T-01\s+全区PM2.5平均浓度\s+≤38微克\/立方米\s+2020\s+45（2017）\s+41.2\s+2018年\s+有望达标\s+区环保分局/)

  // More figures from the command line (as forms would bring them): the year view takes the
  // latest month of the year, the trend shows every period.
  for (const [p, v] of [['2018-03', '72.5'], ['2018-06', '73.1'], ['2018-09', '74.6']]) cli('target', 'record', '--id', 'T-02', '--period', p, '--value', v, '--source', '区环保分局空气质量月报')
  cli('target', 'set', '--id', 'T-02', '--lead', '区环保分局', '--baseline', '70', '--baseline-year', '2017')
  cli('target', 'record', '--id', 'T-15', '--period', '2018', '--value', '27.3', '--source', '区农水局森林资源年报')
  cli('target', 'set', '--id', 'T-15', '--lead', '区农水局')
  cli('target', 'record', '--id', 'T-21', '--period', '2018', '--value', '86', '--source', '区农办统计')
  cli('target', 'set', '--id', 'T-21', '--lead', '区农办', '--baseline', '60', '--baseline-year', '2017')
  cli('target', 'record', '--id', 'T-01', '--period', '2018-06', '--value', '43', '--source', '区环保分局空气质量月报')
  await s.click(await s.wait('//div[@data-test="period-mode"]//label[contains(., "按月")]'))
  await s.waitText('[data-test=target-counts]', (t) => t.includes('共 23 项指标'))
  await s.click(await s.wait('//div[@data-test="period-mode"]//label[contains(., "按年")]'))
  const t02 = await s.waitText(targetRow('T-02'), (t) => t.includes('74.6'))
  assert.ok(t02.includes('2018年9月') && t02.includes('≥81%'), t02)
  assert.ok((await s.text(await s.wait(targetRow('T-15')))).includes('已达标'))
  assert.equal((await s.findAllX('//div[@data-test="target-table"]//canvas')).length, 4)

  // 历史: every value with where it came from, and a larger chart.
  await s.click(await s.wait(`${targetRow('T-02')}//button[@data-test='target-history']`))
  const hist = await s.waitText('[data-test=history-dialog]', (t) => t.includes('2018年3月') && t.includes('74.6'))
  assert.ok(hist.includes('区环保分局空气质量月报') && hist.includes('命令行') && hist.includes('基期值 70（2017年）'), hist)
  assert.equal((await s.findAll('[data-test=history-dialog] canvas')).length, 1)
  await s.click(await s.wait('[data-test=history-dialog] .el-dialog__headerbtn'))
  await sleep(400)

  // 导出主要目标完成情况表, then open it from the bar.
  await s.click(await s.wait('[data-test=export-targets]'))
  await s.waitText('[data-test=export-done]', (t) => t.includes('已导出主要目标完成情况表'))
  const file = path.join(DIALOGS, '越城区生态文明示范创建主要目标2018年完成情况表.xlsx')
  assert.ok(fs.existsSync(file) && fs.statSync(file).size > 5000, file)
  await s.click(await s.wait(`//div[@data-test='export-done']//button[contains(., '打开文件')]`))
  for (let i = 0; i < 50 && !openerLog().includes(`open ${file}\n`); i++) await sleep(100)
  assert.ok(openerLog().includes(`open ${file}\n`), openerLog())
  const text = await screenText()
  assert.doesNotMatch(text, INTERNAL_ID)
  assert.doesNotMatch(text, /\b(?:no_value|on_path|at_risk|no_baseline|unreported|undefined|null|NaN)\b/)
  await s.click(await s.wait('[data-test=export-done] .el-alert__close-btn'))
  await sleep(3200)
  await shot('targets')
})

test('the task drawer: 延期 requested and approved moves the deadline; evidence, 销号 and 退回', async () => {
  // 分解表第21项 (due 2020年底), reported done by its lead unit.
  cli('report', '--task', 'R-021', '--unit', '区发改局', '--month', MONTH, '--status', '已完成', '--progress', '煤炭减量替代已完成。', '--percent', '100')
  await menu('tasks')
  await retype(await s.wait('input[data-test=search]'), '耗煤项目准入\uE007')
  await s.click(await s.wait(`//div[@data-test='task-table']//td[contains(., '严把耗煤项目准入关')]`))
  await s.waitText('[data-test=task-drawer]', (t) => t.includes('分解表第21项') && t.includes('没有延期申请'))
  await sleep(500) // the drawer has slid in: a click lands where the button is
  assert.equal((await s.text(await s.wait('[data-test=task-deadline]'))).split('（')[0], '2020年底')

  // 申请延期: pending moves nothing.
  await s.click(await s.wait('[data-test=extension-new]'))
  const unit = await s.content(await s.wait('[data-test=extension-unit]'))
  assert.ok(unit.includes('区发改局'), unit)
  await typeDate('[data-test=extension-new-due]', '2021-06-30')
  await s.type(await s.wait('textarea[data-test=extension-reason]'), '受疫情影响，替代项目推迟投产')
  await s.type(await s.wait('textarea[data-test=extension-progress]'), '已完成替代方案审批')
  await typeDate('[data-test=extension-requested-on]', '2020-11-20')
  await s.click(await s.wait('[data-test=extension-submit]'))
  const pending = await s.waitText('[data-test=extension-pending]', (t) => t.includes('待审批'))
  assert.ok(pending.includes('原定2020年底 → 申请延期至 2021年6月底') && pending.includes('区发改局') && !pending.includes('逾期申请'), pending)
  assert.equal((await s.text(await s.wait('[data-test=task-deadline]'))).split('（')[0], '2020年底')
  // 批准 with a note: the deadline reads as the sheets write it.
  await s.type(await s.wait('input[data-test=extension-note]'), '同意延期')
  await s.click(await s.wait('[data-test=extension-approve]'))
  const deadline = await s.waitText('[data-test=task-deadline]', (t) => t.includes('经批准'))
  assert.equal(deadline.split('（')[0], '原定2020年底，经批准延期至2021年6月底')
  const approved = await s.waitText('[data-test=extension-approved]', (t) => t.includes('已批准'))
  assert.ok(approved.includes('同意延期'), approved)
  assert.ok(cli('extensions', '--task', 'R-021').includes('已批准'))
  await s.waitText('[data-test=task-drawer]', (t) => t.includes('审批延期'))

  // 销号: claimed by the unit; a PDF added, opened and saved as; then closed.
  assert.equal((await s.text(await s.wait('[data-test=close-state]'))).trim(), '申请销号')
  const src = path.join(DIALOGS, 'evidence')
  fs.mkdirSync(src, { recursive: true })
  const pdf = path.join(src, '煤炭减量替代验收报告.pdf')
  fs.writeFileSync(pdf, '%PDF-1.4\n% 验收报告\n')
  fs.writeFileSync(path.join(DIALOGS, 'open.txt'), `${pdf}\n`)
  await s.click(await s.wait('[data-test=attach]'))
  await toast('已添加佐证材料 1 份')
  await s.waitText('[data-test=evidence]', (t) => t.includes('煤炭减量替代验收报告.pdf'))
  await s.click(await s.wait('[data-test=evidence-open]'))
  let opened
  for (let i = 0; i < 50 && !(opened = openerLog().split('\n').find((l) => l.startsWith('open ') && l.endsWith('/煤炭减量替代验收报告.pdf'))); i++) await sleep(100)
  assert.ok(opened && opened.includes('taizhang-evidence'), openerLog())
  assert.ok(fs.readFileSync(opened.slice(5), 'utf8').startsWith('%PDF'))
  fs.rmSync(path.dirname(opened.slice(5)), { recursive: true }) // the copy is the test's to remove
  await s.click(await s.wait('[data-test=evidence-save]'))
  await toast('已另存为')
  assert.ok(fs.readFileSync(path.join(DIALOGS, '煤炭减量替代验收报告.pdf'), 'utf8').startsWith('%PDF'))
  await typeDate('[data-test=close-on]', '2018-11-28')
  await s.type(await s.wait('textarea[data-test=close-note]'), '验收报告齐全，同意销号')
  await s.click(await s.wait('[data-test=close-task]'))
  await s.waitText('[data-test=close-state]', (t) => t.trim() === '已销号')
  const events = await s.waitText('[data-test=close-events]', (t) => t.includes('销号'))
  assert.ok(events.includes('2018-11-28') && events.includes('验收报告齐全，同意销号'), events)
  assert.doesNotMatch(await s.text(await s.wait('[data-test=task-drawer]')), /\b(?:extension_request|extension_decision|attach|close|return|pending|approved|claimed|closed)\b/)
  await sleep(3200)
  await s.exec(`document.querySelector('[data-test=closing]').scrollIntoView({ block: 'start' })`)
  await sleep(300)
  await shot('task-closing')

  // The month grid of the lead unit shows it 已销号 in 2018年11月.
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
  await menu('monthly')
  await s.click(await s.wait(`//div[contains(@class,'el-tabs__item')][contains(., '逐项填报')]`))
  await choose(await s.wait('[data-test=report-unit]'), '区发改局')
  const gridRow = await s.waitText(`//div[@data-test='report-grid']//tbody/tr[contains(., '严把耗煤项目准入关')]`, (t) => t.includes('已销号'))
  assert.ok(gridRow.includes('时限 2021年6月底（延期）'), gridRow)
  await sleep(3200)
  await shot('monthly-closed')

  // 退回 with a reason: the task is 退回, the event shown.
  await s.click(await s.wait(`//div[@data-test='report-grid']//tbody/tr[contains(., '严把耗煤项目准入关')]//a[@data-test='task-ref']`))
  await s.waitText('[data-test=close-state]', (t) => t.trim() === '已销号')
  await sleep(500)
  const ret = await s.wait('[data-test=return-task]')
  assert.equal(await s.exec('return arguments[0].disabled', [s.ref(ret)]), true, '退回 needs a reason')
  await s.type(await s.wait('input[data-test=return-reason]'), '现场核查发现仍有耗煤项目未替代')
  await s.click(ret)
  await s.waitText('[data-test=close-state]', (t) => t.trim() === '退回')
  const back = await s.waitText('[data-test=close-events]', (t) => t.includes('退回'))
  assert.ok(back.includes('现场核查发现仍有耗煤项目未替代'), back)
  assert.match(cli('attachments', '--task', 'R-021'), /退回/)
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
})

test('the overview counts 已销号 and the extension requests waiting for approval', async () => {
  cli('extend', 'request', '--task', 'A-002', '--to', '2019-06-30', '--reason', '资金未到位', '--date', '2018-11-15')
  await menu('overview')
  const stat = await s.waitText('[data-test=stat-pending]', (t) => t.includes('待审批延期'))
  assert.match(stat, /待审批延期\s*1/)
  const card = await s.waitText('[data-test=pending-extensions]', (t) => t.includes('资金未到位'))
  assert.ok(card.includes('2018年清单第2项') && card.includes('2018年底 → 2019年6月底') && card.includes('文书代为登记'), card)
  assert.doesNotMatch(await screenText(), INTERNAL_ID)
  await sleep(3200) // the toasts of the test before fade
  await shot('overview-pending')
  // A click on the task opens its drawer, where the request waits for 批准 / 不批准.
  await s.click(await s.wait(`//div[@data-test='pending-extensions']//a[@data-test='task-ref']`))
  await s.waitText('[data-test=extension-pending]', (t) => t.includes('资金未到位'))
  await sleep(500) // the drawer has slid in: a click lands where the button is
  await s.click(await s.wait('[data-test=extension-reject]'))
  await toast('已不批准')
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
  for (let i = 0; i < 30 && (await s.findAll('[data-test=stat-pending]')).length; i++) await sleep(100)
  assert.equal((await s.findAll('[data-test=stat-pending]')).length, 0, 'none waiting any more')
})

test('every other page opens, with no internal id on it', async () => {
  for (const page of ['units', 'settings', 'backup', 'import', 'tasks', 'monthly', 'targets', 'export', 'overview']) {
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
