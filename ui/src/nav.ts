// Moving between pages (unsaved edits ask first), and returned forms dropped on the window.
import { ElMessage, ElMessageBox } from 'element-plus'
import { confirmed } from './act'
import { store, type Page } from './store'
import { fileName, splitDropped } from './logic'

/// Opens a page; false when the clerk chose to stay with unsaved edits.
export async function go(page: Page): Promise<boolean> {
  if (page === store.page) return true
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
  store.page = page
  return true
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
