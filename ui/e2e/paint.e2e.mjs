// The window as shipped on Linux paints every page. The app turns WebKit's accelerated
// compositing off (src-tauri/src/lib.rs: a lighter web process); in that mode WebKitWebDriver's
// own screenshot hangs, so app.e2e.mjs runs with compositing on (scripts/e2e.sh) and this test,
// run apart with the app's own setting, looks at the display itself: ImageMagick's `import`
// captures the virtual screen after each page switch. Every page is visited twice; each capture
// must show a drawn page (not one flat colour) that differs from the capture before it.
import { after, before, test } from 'node:test'
import assert from 'node:assert/strict'
import { execFileSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { Session, sleep } from './webdriver.mjs'

const APP = process.env.TAIZHANG_APP
if (!APP) throw new Error('TAIZHANG_APP is not set: run the end-to-end tests through scripts/e2e.sh')
if (process.env.WEBKIT_DISABLE_COMPOSITING_MODE !== undefined) {
  throw new Error('run with WEBKIT_DISABLE_COMPOSITING_MODE unset, as a clerk starts the app')
}
// Every page of the menu (ui/src/pages/index.ts).
const PAGES = ['overview', 'tasks', 'monthly', 'targets', 'export', 'documents', 'import', 'plans', 'units', 'settings', 'backup']
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'taizhang-paint-'))
let s

before(async () => {
  s = await Session.start(APP)
  await s.wait('[data-test=page-overview]', 30000)
})
after(async () => {
  await s?.quit()
  fs.rmSync(dir, { recursive: true, force: true })
})

/// Standard deviation of the capture's grey levels (0 for one flat colour).
function spread(file) {
  return Number(execFileSync('convert', [file, '-colorspace', 'Gray', '-format', '%[fx:standard_deviation]', 'info:'], { encoding: 'utf8' }))
}
/// How many pixels differ between two captures.
function differing(a, b) {
  try {
    return Number(execFileSync('compare', ['-metric', 'AE', a, b, 'null:'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }))
  } catch (e) {
    // compare exits 1 when the images differ and prints the count on stderr.
    return Number(String(e.stderr).trim().split(/\s/)[0])
  }
}

test('with compositing off, as shipped, every page is drawn on the screen after each switch', async () => {
  let previous = null
  for (const page of [...PAGES.slice(1), ...PAGES]) {
    await s.click(await s.wait(`[data-test=menu-${page}]`))
    await s.wait(`[data-test=page-${page}]`, 20000)
    await sleep(700)
    const file = path.join(dir, `${page}-${Date.now()}.png`)
    execFileSync('import', ['-window', 'root', file])
    assert.ok(spread(file) > 0.05, `${page}: the screen is one flat colour`)
    if (previous) assert.ok(differing(previous, file) > 2000, `${page}: the screen did not change after the switch`)
    previous = file
  }
})
