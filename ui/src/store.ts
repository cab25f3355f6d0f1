// The window's shared state: what the ledger is, the month being worked on, the page shown.
import { reactive, watch } from 'vue'
import { api } from './api'
import type { AppInfo, OpeningMonth, PlanSummary, Task } from './bindings'
import { isPage, type Page } from './pages'
import { splitTaskKey, taskLabel } from './logic'

export type { Page }

const LAST_PAGE = 'taizhang.page'

export const store = reactive({
  info: null as AppInfo | null,
  month: '',
  /// The month the window opened on, and why when it is not this month (an expired plan).
  opening: null as OpeningMonth | null,
  page: (isPage(localStorage.getItem(LAST_PAGE)) ? localStorage.getItem(LAST_PAGE) : 'overview') as Page,
  listId: 'responsibility',
  /// A page with unsaved edits sets this; leaving it asks first.
  unsaved: false,
  /// The task whose drawer is open, from any page.
  openTask: null as string | null,
  /// The tab of 月度填报: the grid, or importing returned forms.
  monthlyTab: 'grid' as 'grid' | 'import',
  /// Returned forms dropped on the window, waiting for 月度填报 to preview them.
  dropped: null as string[] | null,
  /// Every task by id, to name tasks (分解表第12项) and show their text.
  tasks: new Map<string, Task>(),
  /// Bumped when a task changed from its drawer: pages showing it reload.
  revision: 0,
  /// Running under the end-to-end tests (test hooks are installed).
  e2e: false,
  /// The ledger's plans (the header's switcher); the current one is `info.plan`.
  plans: [] as PlanSummary[],
  /// Bumped when the current plan changed: every page is drawn again and reloads its data.
  planRevision: 0,
})

/// Loads what the window needs first; the month is the one the core says to open on (this
/// month, or the latest reported month of an expired plan).
export async function loadInfo() {
  store.info = await api.appInfo()
  if (store.info.open_error) return
  if (!store.month) {
    store.opening = await api.openingMonth()
    store.month = store.opening.month
  }
  if (store.info.lists.length && !store.info.lists.some((l) => l.id === store.listId)) store.listId = store.info.lists[0].id
  loadTasks()
  loadPlans()
}

export async function loadPlans() {
  try {
    store.plans = await api.plans()
  } catch {
    /* the switcher shows the current plan alone */
  }
}

export async function loadTasks() {
  try {
    store.tasks = new Map((await api.tasks()).map((t) => [t.id, t]))
  } catch {
    /* names fall back to 序号 alone */
  }
}

export function listShortName(listId: string): string | undefined {
  return store.info?.lists.find((l) => l.id === listId)?.short_name
}

/// 分解表第12项 for a task id.
export function labelOfTask(id: string): string {
  const t = store.tasks.get(id)
  return t ? taskLabel(listShortName(t.list_id), t.seq) : ''
}

/// The tasks a summary key (`responsibility:12`) names: one, or two where a 序号 holds two.
export function tasksOfKey(key: string): Task[] {
  const { listId, seq } = splitTaskKey(key)
  return [...store.tasks.values()].filter((t) => t.list_id === listId && t.seq === seq)
}

export function labelOfKey(key: string): string {
  const { listId, seq } = splitTaskKey(key)
  return taskLabel(listShortName(listId), seq)
}

watch(
  () => store.page,
  (p) => localStorage.setItem(LAST_PAGE, p),
)
