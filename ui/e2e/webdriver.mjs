// A small WebDriver client over fetch (W3C protocol), for driving the real app through
// tauri-driver + WebKitWebDriver.
const WD = process.env.WEBDRIVER_URL ?? 'http://127.0.0.1:4444'
const ELEMENT = 'element-6066-11e4-a5c6-4a6f0c1c5f4d'

async function call(method, path, body) {
  const r = await fetch(WD + path, {
    method,
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
    // A wedged window fails the test instead of hanging it.
    signal: AbortSignal.timeout(60000),
  })
  const j = await r.json()
  if (j.value && j.value.error) throw new Error(`${method} ${path}: ${j.value.error}: ${j.value.message}`)
  return j.value
}

export const sleep = (ms) => new Promise((r) => setTimeout(r, ms))

export class Session {
  static async start(application, args = []) {
    const v = await call('POST', '/session', {
      capabilities: { alwaysMatch: { browserName: 'wry', 'tauri:options': { application, args } } },
    })
    return new Session(v.sessionId)
  }
  constructor(id) { this.id = id; this.base = `/session/${id}` }
  quit() { return call('DELETE', this.base) }
  /// Element ids; remembers the key the driver names them with, to pass them back to scripts.
  ids(found) {
    return found.map((e) => {
      this.key = Object.keys(e)[0]
      return e[this.key]
    })
  }
  ref(id) { return { [this.key ?? ELEMENT]: id } }
  async findAll(css) { return this.ids(await call('POST', `${this.base}/elements`, { using: 'css selector', value: css })) }
  async findAllX(xpath) { return this.ids(await call('POST', `${this.base}/elements`, { using: 'xpath', value: xpath })) }
  async displayed(id) { return call('GET', `${this.base}/element/${id}/displayed`) }
  /// The text a person sees in the element (innerText): WebKitWebDriver's own element text
  /// leaves out text in boxes styled `overflow: hidden; text-overflow: ellipsis` (table cells).
  async text(id) {
    const t = await this.exec('return arguments[0].innerText', [this.ref(id)])
    return typeof t === 'string' ? t : call('GET', `${this.base}/element/${id}/text`)
  }
  /// Clicks like a person; when something lies over the element (a toast, an animation), clicks
  /// it from script instead.
  async click(id) {
    try {
      return await call('POST', `${this.base}/element/${id}/click`, {})
    } catch (e) {
      if (!String(e.message).includes('intercepted')) throw e
      return this.exec('arguments[0].click()', [this.ref(id)])
    }
  }
  /// The text content of an element, hidden parts included.
  async content(id) { return this.exec('return arguments[0].textContent', [this.ref(id)]) }
  async type(id, text) { return call('POST', `${this.base}/element/${id}/value`, { text }) }
  async clear(id) { return call('POST', `${this.base}/element/${id}/clear`, {}) }
  async exec(script, args = []) { return call('POST', `${this.base}/execute/sync`, { script, args }) }
  /// Runs a script that calls its last argument with the result.
  async execAsync(script, args = []) { return call('POST', `${this.base}/execute/async`, { script, args }) }
  async screenshot() { return Buffer.from(await call('GET', `${this.base}/screenshot`), 'base64') }

  /// The first displayed element matching `css` (or an XPath when it starts with /), waiting up
  /// to `ms` for it.
  async wait(selector, ms = 10000, accept = () => true) {
    const end = Date.now() + ms
    let last = ''
    while (Date.now() < end) {
      const ids = selector.startsWith('/') ? await this.findAllX(selector) : await this.findAll(selector)
      for (const id of ids) {
        try {
          if (await this.displayed(id)) {
            const t = await this.text(id)
            last = t
            if (accept(t)) return id
          }
        } catch { /* stale: retry */ }
      }
      await sleep(100)
    }
    throw new Error(`timed out waiting for ${selector} (last text: ${JSON.stringify(last)})`)
  }

  async waitText(selector, predicate, ms = 10000) {
    const id = await this.wait(selector, ms, predicate)
    return this.text(id)
  }
}
