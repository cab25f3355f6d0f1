// The window's memory and start-up against an empty Tauri window with the same WebKitGTK (the
// floor), measured in the same run. Run by scripts/bench-window.sh (Xvfb + tauri-driver);
// prints figures, no assertions.
//
// Memory: resident set (VmRSS) of every process of each app (the app, WebKitWebProcess,
// WebKitNetworkProcess: the app and its descendants), and their proportional share (Pss), which
// does not count shared library pages twice. Moments: after start-up (overview), after visiting
// every page, after 200 page switches and 20 grid edits; each once the JavaScript heap has been
// collected (`settled`), with the reading right after the last action beside it.
// Start-up: window.__readyMs, milliseconds from the start of main to the plan on screen (ours)
// or the blank page loaded (the floor); the first start (a new ledger) and the median of later
// starts.
import fs from 'node:fs'
import path from 'node:path'
import { Session, sleep } from '../e2e/webdriver.mjs'

const APP = process.env.TAIZHANG_APP
const FLOOR = process.env.BLANK_WINDOW
const STARTS = Number(process.env.BENCH_STARTS ?? 5)
const SWITCHES = Number(process.env.BENCH_SWITCHES ?? 200)
const EDITS = Number(process.env.BENCH_EDITS ?? 20)
const SETTLE = 1500

// ---- processes --------------------------------------------------------------------------
function procs() {
  const out = []
  for (const d of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(d)) continue
    try {
      const stat = fs.readFileSync(`/proc/${d}/stat`, 'utf8')
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1])
      let exe = ''
      try { exe = fs.readlinkSync(`/proc/${d}/exe`) } catch { /* kernel thread or gone */ }
      const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))
      out.push({ pid: Number(d), ppid, exe, comm })
    } catch { /* gone */ }
  }
  return out
}
function kb(pid, file, key) {
  try {
    const m = fs.readFileSync(`/proc/${pid}/${file}`, 'utf8').match(new RegExp(`${key}:\\s+(\\d+)`))
    return m ? Number(m[1]) : 0
  } catch { return 0 }
}
/// RSS and PSS in MB of the app at `exe` and its descendants, by process kind.
function memory(exe) {
  const all = procs()
  const real = fs.realpathSync(exe)
  const roots = all.filter((p) => p.exe === real)
  if (!roots.length) throw new Error(`no process of ${exe}`)
  const tree = new Set(roots.map((p) => p.pid))
  let grew = true
  while (grew) {
    grew = false
    for (const p of all) if (!tree.has(p.pid) && tree.has(p.ppid)) { tree.add(p.pid); grew = true }
  }
  const by = {}
  let rss = 0, pss = 0
  for (const p of all.filter((p) => tree.has(p.pid))) {
    // /proc's comm is cut at 15 characters: WebKitWebProces, WebKitNetworkPr.
    const kind = roots.some((r) => r.pid === p.pid) ? 'app' : p.comm.startsWith('WebKitWeb') ? 'WebKitWebProcess' : p.comm.startsWith('WebKitNet') ? 'WebKitNetworkProcess' : p.comm
    const r = kb(p.pid, 'status', 'VmRSS') / 1024
    const s = kb(p.pid, 'smaps_rollup', 'Pss') / 1024
    by[kind] = (by[kind] ?? 0) + r
    rss += r
    pss += s
  }
  return { rss, pss, by }
}
const mb = (x) => `${Math.round(x)}`
const show = (m) => `${mb(m.rss)} MB RSS${m.peak && Math.abs(m.peak - m.rss) > 2 ? ` (${mb(m.peak)} right after)` : ''} (${Object.entries(m.by).map(([k, v]) => `${k} ${mb(v)}`).join(' + ')}), ${mb(m.pss)} MB PSS${showDom(m.dom)}`

// ---- sessions ---------------------------------------------------------------------------
async function start(exe, args = []) {
  const s = await Session.start(exe, args)
  const end = Date.now() + 30000
  let ready
  while (Date.now() < end) {
    ready = await s.exec('return window.__readyMs')
    if (typeof ready === 'number') break
    await sleep(50)
  }
  if (typeof ready !== 'number') throw new Error(`${exe} never said it was ready`)
  return { s, ready }
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]

async function startups(exe, args) {
  const times = []
  for (let i = 0; i < STARTS; i++) {
    const { s, ready } = await start(exe, args)
    times.push(ready)
    await s.quit()
    await sleep(500)
  }
  return times
}

// Every page of the menu (ui/src/pages/index.ts), the overview first.
const PAGES = ['overview', 'tasks', 'monthly', 'targets', 'export', 'documents', 'import', 'plans', 'units', 'settings', 'backup']
async function menu(s, page) {
  await s.click(await s.wait(`[data-test=menu-${page}]`))
  await s.wait(`[data-test=page-${page}]`, 20000)
}
async function visitAll(s) {
  for (const p of PAGES) { await menu(s, p); await sleep(300) }
  await menu(s, 'overview')
}
/// Edits the progress text of the grid's row `k` and saves (the old grid had an editor in every
/// row; the new one opens the row's editors when its cell is clicked).
async function edit(s, k, text) {
  const cells = await s.findAll(`[data-test=report-grid] tbody tr:nth-child(${k}) [data-test=grid-cell-progress]`)
  await s.click(cells[0] ?? (await s.wait(`[data-test=report-grid] tbody tr:nth-child(${k}) td:nth-child(4)`)))
  const area = await s.wait(`[data-test=report-grid] tbody tr:nth-child(${k}) textarea[data-test=grid-progress]`)
  await s.exec(`const t = arguments[0]; t.focus(); t.value = arguments[1]; t.dispatchEvent(new Event('input', { bubbles: true }))`, [s.ref(area), text])
  const status = await s.findAll(`[data-test=report-grid] tbody tr:nth-child(${k}) [data-test=grid-status]`)
  const empty = await s.findAll(`[data-test=report-grid] tbody tr:nth-child(${k}) [data-test=grid-status] .el-select__placeholder.is-transparent`)
  if (status.length && empty.length) {
    // A row needs a status to be saved: pick the first status word.
    await s.click(status[0])
    await s.click(await s.wait(`//li[contains(@class,'el-select-dropdown__item')]`))
  }
  await s.click(await s.wait('[data-test=save-reports]'))
  await s.wait(`//*[contains(@class,'el-message')][contains(., '已保存')]`, 10000)
}

/// What the page holds: DOM elements, of them Element Plus's poppers (tooltips, dropdowns left in
/// the body), and canvases. Growth here with the page count unchanged is a leak in the page code.
async function dom(s) {
  return s.exec(`return { nodes: document.getElementsByTagName('*').length,
    poppers: document.querySelectorAll('body > .el-popper, .el-popper-container > *, body > [id^=el-popper-container] > *').length,
    canvases: document.getElementsByTagName('canvas').length }`)
}
const showDom = (d) => d ? `, DOM ${d.nodes} elements (${d.poppers} poppers, ${d.canvases} canvases)` : ''

/// Memory once JavaScriptCore's collector has run: the web process's RSS saws up and down as the
/// heap fills and is collected (up to ±150 MB between two switches), collected a few seconds
/// after the page goes idle. Read every 2 s until three readings agree within 2 MB (at most
/// 40 s); `peak` is the first reading, 1.5 s after the last action.
async function settled(exe) {
  await sleep(SETTLE)
  const first = memory(exe)
  let last = first, same = 0
  for (let i = 0; i < 20 && same < 2; i++) {
    await sleep(2000)
    const m = memory(exe)
    same = Math.abs(m.rss - last.rss) <= 2 ? same + 1 : 0
    last = m
  }
  last.peak = first.rss
  return last
}

async function measure(label, exe, ours, args = []) {
  const times = await startups(exe, args)
  const { s } = await start(exe, args)
  const m1 = await settled(exe)
  m1.dom = ours ? await dom(s) : null
  let m2 = m1, m3 = m1
  if (ours) {
    await visitAll(s)
    m2 = await settled(exe)
    m2.dom = await dom(s)
    let switches = 0, edits = 0
    while (switches < SWITCHES) {
      const p = PAGES[(switches % (PAGES.length - 1)) + 1]
      await menu(s, p)
      switches++
      if (p === 'monthly' && edits < EDITS) {
        await edit(s, (edits % 8) + 1, `第${edits + 1}次编辑：本月推进正常。`)
        edits++
        // Several edits per visit until all are done in the first switches.
        while (edits < EDITS && edits % 4 !== 0) {
          await edit(s, (edits % 8) + 1, `第${edits + 1}次编辑：本月推进正常。`)
          edits++
        }
      }
    }
    await menu(s, 'overview')
    m3 = await settled(exe)
    m3.dom = await dom(s)
  } else {
    m2 = await settled(exe)
    m3 = m2
  }
  await s.quit()
  await sleep(500)
  return { label, times, m1, m2, m3 }
}

const floor = await measure('floor (empty window)', FLOOR, false)
// The app turns WebKit's accelerated compositing off on Linux (src-tauri/src/lib.rs); the floor
// is measured as it comes and with the same setting, and the ratios given to both.
const floorSame = await measure('floor, compositing off as in the app', FLOOR, false, ['--no-compositing'])
const ours = await measure('督办台账', APP, true)

console.log('\n## Memory (MB, all processes of each app)')
for (const r of [floor, floorSame, ours]) {
  console.log(`${r.label}`)
  console.log(`  after start-up        ${show(r.m1)}`)
  console.log(`  after every page      ${show(r.m2)}`)
  console.log(`  after ${SWITCHES} switches, ${EDITS} edits ${show(r.m3)}`)
}
const ratio = (a, b) => (a / b).toFixed(2)
console.log(`ratio to the floor (RSS): overview ${ratio(ours.m1.rss, floor.m1.rss)}×, every page ${ratio(ours.m2.rss, floor.m2.rss)}×, after switches ${ratio(ours.m3.rss, floor.m3.rss)}×`)
console.log(`ratio to the floor (PSS): overview ${ratio(ours.m1.pss, floor.m1.pss)}×, every page ${ratio(ours.m2.pss, floor.m2.pss)}×, after switches ${ratio(ours.m3.pss, floor.m3.pss)}×`)
console.log(`ratio to the floor with the same setting (RSS): overview ${ratio(ours.m1.rss, floorSame.m1.rss)}×, every page ${ratio(ours.m2.rss, floorSame.m2.rss)}×, after switches ${ratio(ours.m3.rss, floorSame.m3.rss)}×`)
console.log(`growth from the first full visit to the ${SWITCHES}th switch: ${(((ours.m3.rss - ours.m2.rss) / ours.m2.rss) * 100).toFixed(1)}% RSS`)
console.log('\n## Start-up (ms from the start of main to the plan on screen / the blank page loaded)')
for (const r of [floor, floorSame, ours]) {
  console.log(`${r.label}: first start ${r.times[0]} ms, later starts median ${median(r.times.slice(1))} ms (${r.times.slice(1).join(', ')})`)
}
const bundle = path.resolve(import.meta.dirname, '../dist/assets')
if (fs.existsSync(bundle)) {
  const files = fs.readdirSync(bundle)
  const size = (ext) => files.filter((f) => f.endsWith(ext)).reduce((a, f) => a + fs.statSync(path.join(bundle, f)).size, 0)
  console.log(`\n## Bundle: ${(size('.js') / 1024).toFixed(0)} kB JS in ${files.filter((f) => f.endsWith('.js')).length} files, ${(size('.css') / 1024).toFixed(0)} kB CSS`)
}
