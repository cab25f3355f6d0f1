// The one way the window runs a command and tells the clerk how it went: on failure the
// command's Chinese message as a toast (and `undefined`), on success an optional toast.
import { ElMessage } from 'element-plus'
import { errorMessage } from './api'

export async function act<T>(f: () => Promise<T>, done?: string | ((r: T) => string | undefined)): Promise<T | undefined> {
  try {
    const r = await f()
    const text = typeof done === 'function' ? done(r) : done
    if (text) ElMessage.success(text)
    return r
  } catch (e) {
    ElMessage.error(errorMessage(e))
    return undefined
  }
}

/// Asks for confirmation; resolves to false when the clerk cancels.
export async function confirmed(ask: () => Promise<unknown>): Promise<boolean> {
  try {
    await ask()
    return true
  } catch {
    return false
  }
}
