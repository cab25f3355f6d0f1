// End-to-end tests of the real app: the built binary in a real window (Xvfb), driven through
// WebDriver (tauri-driver + WebKitWebDriver). Run by scripts/e2e.sh, which starts the display
// and the driver and sets TAIZHANG_DB (a fresh ledger) and TAIZHANG_E2E_DIALOGS (answers the
// file dialogs).
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
const SHOTS = process.env.E2E_SHOTS ?? path.resolve('e2e/shots')
const ROOT = path.resolve(import.meta.dirname, '../..')
for (const [k, v] of Object.entries({ TAIZHANG_APP: APP, TAIZHANG_CLI: CLI, TAIZHANG_DB: DB, TAIZHANG_E2E_DIALOGS: DIALOGS })) {
  if (!v) throw new Error(`${k} is not set: run the end-to-end tests through scripts/e2e.sh`)
}
fs.mkdirSync(SHOTS, { recursive: true })

let s
const month = new Date().toISOString().slice(0, 7)
const cli = (...args) => execFileSync(CLI, ['--db', DB, ...args], { encoding: 'utf8' })
const shot = async (name) => fs.writeFileSync(path.join(SHOTS, `${name}.png`), await s.screenshot())
const menu = async (page) => { await s.click(await s.wait(`[data-test=menu-${page}]`)); await s.wait(`[data-test=page-${page}]`) }

/// Picks `label` in the Element Plus select inside `container` (its options open in a popper).
async function choose(containerId, label) {
  await s.click(containerId)
  const option = await s.wait(`//li[contains(@class,'el-select-dropdown__item')][normalize-space(.)='${label}']`)
  await s.click(option)
}

before(async () => {
  assert.ok(!fs.existsSync(DB), 'starts on a fresh data directory')
  const t0 = Date.now()
  s = await Session.start(APP)
  await s.waitText('[data-test=plan-title]', (t) => t.includes('越城区'), 15000)
  await s.waitText('[data-test=stat-total] .el-statistic__number', (t) => t.trim() === '166', 15000)
  await sleep(200)
  const inPage = await s.exec('return window.__planShownAt')
  const ready = await s.exec('return window.__readyMs')
  console.log(`# start-up: the plan was on screen ${ready} ms after the app process started (${Math.round(inPage)} ms after its page began loading; ${Date.now() - t0} ms after the WebDriver session was requested)`)
})

after(async () => {
  if (s) {
    try { await s.quit() } catch { /* already gone */ }
  }
})

test('starts on a fresh ledger and shows the built-in plan', async () => {
  assert.ok(fs.existsSync(DB), 'the ledger was created at first start')
  const lists = cli('lists')
  assert.match(lists, /responsibility\s+工作任务责任分解表\s+100/)
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
  assert.ok(drawer.includes('序号 26'), drawer)
  await shot('task-page')
  await s.click(await s.wait('[data-test=task-drawer] .el-drawer__close-btn'))
  await sleep(400)
})

test('records a report in the month grid', async () => {
  await menu('monthly')
  await s.waitText('[data-test=report-grid]', (t) => t.includes('加快淘汰落后产能'))
  const unit = await s.content(await s.wait('[data-test=report-unit]'))
  assert.ok(unit.includes('区经信局'), unit)
  await choose(await s.wait('[data-test=grid-status]'), '按序时推进')
  const progress = await s.wait('textarea[data-test=grid-progress]')
  await s.type(progress, '本月关停落后产能企业3家。')
  // Leaving with unsaved rows asks first; staying keeps what was typed.
  await s.click(await s.wait('[data-test=menu-tasks]'))
  await s.wait(`//div[contains(@class,'el-message-box')][contains(., '尚未保存')]`)
  await s.click(await s.wait(`//button[contains(., '留在本页')]`))
  await sleep(400)
  await s.wait('[data-test=page-monthly]')
  assert.equal(await s.exec('return arguments[0].value', [s.ref(await s.wait('textarea[data-test=grid-progress]'))]), '本月关停落后产能企业3家。')
  await s.click(await s.wait('[data-test=save-reports]'))
  await s.wait(`//*[contains(@class,'el-message')][contains(., '已保存 1 行')]`)
  const history = cli('history', '--task', 'R-001')
  assert.ok(history.includes('区经信局\t按序时推进'), history)
  assert.ok(history.includes('本月关停落后产能企业3家。'), history)
  await shot('monthly')
})

test('exports the monthly sheet and the file is there', async () => {
  await menu('export')
  await s.click(await s.wait('[data-test=export-monthly]'))
  const line = await s.waitText('[data-test=exported]', (t) => t.includes('进展情况表'))
  const file = line.split('：').slice(1).join('：').trim()
  assert.ok(file.startsWith(DIALOGS), line)
  assert.ok(fs.existsSync(file), `exported file ${file}`)
  assert.ok(path.basename(file).startsWith('越城区生态文明示范创建工作任务'), file)
  assert.ok(fs.statSync(file).size > 5000)
  await s.click(await s.wait('[data-test=export-summary]'))
  await s.waitText('[data-test=exported]', (t) => t.includes('统计汇总'))
  await shot('export')
})

test('imports two filled forms through the window', async () => {
  // The form a unit got and filled in (with openpyxl, as Excel or WPS would).
  const out = path.join(DIALOGS, 'forms-out')
  fs.mkdirSync(out, { recursive: true })
  cli('export', 'forms', '--list', 'annual-2018', '--month', month, '--out-dir', out)
  const fill = (unit, ops) => {
    const form = path.join(out, fs.readdirSync(out).find((f) => f.startsWith(`${unit}-`)))
    const filled = path.join(DIALOGS, `${unit}-交回.xlsx`)
    const opsFile = path.join(DIALOGS, `${unit}-ops.json`)
    fs.writeFileSync(opsFile, JSON.stringify(ops))
    execFileSync('python3', [path.join(ROOT, 'tests/support/fill_form.py'), form, filled, opsFile])
    return filled
  }
  // Two units' forms came back.
  const a = fill('区农办', [{ fill: { id: 'A-036', status: '已完成', progress: '完成公厕改造618座。', percent: 100 } }])
  const b = fill('区建设局', [
    { fill: { id: 'A-012', status: '按序时推进', progress: '新建配套管网30公里。', percent: 86 } },
    { fill: { id: 'A-018', status: '滞后', progress: '已完成流量计安装60%。', percent: 60 } },
  ])
  fs.writeFileSync(path.join(DIALOGS, 'open.txt'), `${a}\n${b}\n`)

  await menu('monthly')
  await s.click(await s.wait(`//div[contains(@class,'el-tabs__item')][contains(., '导入交回的填报表')]`))
  await s.click(await s.wait('[data-test=pick-forms]'))
  const preview = await s.waitText('[data-test=preview-file]', (t) => t.includes('区农办'))
  assert.ok(preview.includes('变更 1 行'), preview)
  assert.ok(preview.includes('（无） → 已完成 100%'), preview)
  const second = await s.waitText('[data-test=preview-file]', (t) => t.includes('区建设局'))
  assert.ok(second.includes('变更 2 行'), second)
  await shot('import-preview')
  await s.click(await s.wait('[data-test=apply-forms]'))
  const result = await s.waitText('[data-test=import-result]', (t) => t.includes('已导入 2 个文件'))
  assert.ok(result.includes('备份'), result)
  assert.ok(cli('history', '--task', 'A-036').includes('区农办\t已完成\t100%'))
  assert.ok(cli('history', '--task', 'A-018').includes('区建设局\t滞后\t60%'))
})

test('every other page opens', async () => {
  for (const page of ['units', 'settings', 'backup', 'import', 'overview']) {
    await menu(page)
    await sleep(300)
    await shot(`page-${page}`)
  }
  await s.click(await s.wait('[data-test=menu-backup]'))
  await s.click(await s.wait('[data-test=backup]'))
  const r = await s.waitText('[data-test=backup-result]', (t) => t.includes('已备份到'))
  const file = r.split('：').slice(1).join('：').trim()
  assert.ok(fs.existsSync(file), file)
  assert.match(execFileSync(CLI, ['--db', file, 'lists'], { encoding: 'utf8' }), /annual-2018/)
  await menu('overview')
  const red = await s.text(await s.wait('[data-test=stat-red] .el-statistic__number'))
  assert.match(red.trim(), /^\d+$/)
  // Memory after every page was opened: the app process and its WebKit processes.
  const rss = (pid) => Number((fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/) ?? [0, 0])[1])
  const pids = (pattern) => { try { return execFileSync('pgrep', ['-f', pattern], { encoding: 'utf8' }).trim().split('\n').filter(Boolean) } catch { return [] } }
  const app = pids(APP).map(rss).reduce((a, b) => a + b, 0)
  const web = pids('WebKitWebProcess').map(rss).reduce((a, b) => a + b, 0)
  const net = pids('WebKitNetworkProcess').map(rss).reduce((a, b) => a + b, 0)
  console.log(`# memory after opening every page (RSS): app ${Math.round(app / 1024)} MB, WebKitWebProcess ${Math.round(web / 1024)} MB, WebKitNetworkProcess ${Math.round(net / 1024)} MB`)
})
