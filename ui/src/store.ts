// The window's shared state: what the ledger is, the month being worked on, the page shown.
import { reactive, watch } from 'vue'
import { api } from './api'
import type { AppInfo } from './bindings'

export type Page = 'overview' | 'tasks' | 'monthly' | 'export' | 'import' | 'units' | 'settings' | 'backup'

export const store = reactive({
  info: null as AppInfo | null,
  month: '',
  page: 'overview' as Page,
  listId: 'responsibility',
  /// A page with unsaved edits sets this; leaving it asks first.
  unsaved: false,
})

export async function loadInfo() {
  store.info = await api.appInfo()
  // When the plan was first shown, for the start-up measurement of the end-to-end tests.
  const w = window as unknown as { __planShownAt?: number; __readyMs?: number }
  if (w.__planShownAt === undefined) {
    w.__planShownAt = performance.now()
    api.uiReady().then((ms) => (w.__readyMs = ms))
  }
  // The month the clerk was working on last time, else this month.
  if (!store.month) store.month = localStorage.getItem('taizhang.month') || store.info.current_month
  if (store.info.lists.length && !store.info.lists.some((l) => l.id === store.listId)) store.listId = store.info.lists[0].id
}

watch(
  () => store.month,
  (m) => {
    if (m) localStorage.setItem('taizhang.month', m)
  },
)
