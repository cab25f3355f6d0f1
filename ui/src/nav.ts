// Moving between pages (unsaved edits ask first), and returned forms dropped on the window.
import { ElMessage, ElMessageBox } from 'element-plus'
import { act, confirmed } from './act'
import { api } from './api'
import { loadInfo, store, type Page } from './store'
import { fileName, planLabels, splitDropped } from './logic'

/// Asks before unsaved edits are dropped; false when the clerk chose to stay.
async function mayLeave(): Promise<boolean> {
  if (store.unsaved) {
    const leave = await confirmed(() =>
      ElMessageBox.confirm('本页有尚未保存的填报内容，离开将丢失这些内容。确定离开吗？', '尚未保存', {
        confirmButtonText: '离开',
        cancelButtonText: '留在本页',
        type: 'warning',
      }),
    )
    if (!leave) return false
    store.unsaved = false
  }
  return true
}

/// Opens a page; false when the clerk chose to stay with unsaved edits.
export async function go(page: Page): Promise<boolean> {
  if (page === store.page) return true
  if (!(await mayLeave())) return false
  store.page = page
  return true
}

/// Makes another plan the current one (unsaved edits ask first); every page then reloads.
export async function switchPlan(id: number): Promise<boolean> {
  if (id === store.info?.plan?.id) return true
  if (!(await mayLeave())) return false
  const label = planLabels(store.plans.map((p) => p.plan)).get(id) ?? ''
  if (!(await act(() => api.setCurrentPlan(id), `已切换到方案：${label}`))) return false
  await planChanged()
  return true
}

/// The current plan changed (switched, imported, deleted): the plan, its lists, tasks and
/// targets are read again and every page is drawn anew.
export async function planChanged() {
  store.openTask = null
  store.unsaved = false
  await loadInfo()
  store.planRevision++
}

/// Opens 月度填报 on a tab: the grid, or importing returned forms.
export async function goMonthly(tab: 'grid' | 'import'): Promise<boolean> {
  if (!(await go('monthly'))) return false
  store.monthlyTab = tab
  return true
}

/// Files dropped on the window: spreadsheets go to the preview of 导入交回的填报表 (from another
/// page, after asking); other files are ignored with a note.
export async function dropFiles(paths: string[]) {
  const { forms, ignored } = splitDropped(paths)
  if (ignored.length) {
    const names = ignored.map(fileName).join('、')
    ElMessage.warning(`已忽略 ${ignored.length} 个不是 Excel 表格的文件：${names}`)
  }
  if (!forms.length) return
  if (!(store.page === 'monthly' && store.monthlyTab === 'import')) {
    const ok = await confirmed(() =>
      ElMessageBox.confirm(`收到 ${forms.length} 份表格。转到“导入交回的填报表”，先检查变更再导入？`, '导入交回的填报表', {
        confirmButtonText: '去检查',
        cancelButtonText: '取消',
        type: 'info',
      }),
    )
    if (!ok || !(await goMonthly('import'))) return
  }
  store.dropped = forms
}
