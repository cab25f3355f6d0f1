// The window's pages, in menu order. Each is loaded when first opened (its own chunk): adding a
// page is one line here.
import type { Component } from 'vue'

export const PAGES = [
  { page: 'overview', label: '总览', load: () => import('./OverviewPage.vue') },
  { page: 'tasks', label: '任务清单', load: () => import('./TasksPage.vue') },
  { page: 'monthly', label: '月度填报', load: () => import('./MonthlyPage.vue') },
  { page: 'targets', label: '主要目标', load: () => import('./TargetsPage.vue') },
  { page: 'export', label: '导出报表', load: () => import('./ExportPage.vue') },
  { page: 'documents', label: '文书', load: () => import('./DocumentsPage.vue') },
  { page: 'import', label: '导入清单', load: () => import('./ImportListPage.vue') },
  { page: 'plans', label: '方案', load: () => import('./PlansPage.vue') },
  { page: 'units', label: '单位', load: () => import('./UnitsPage.vue') },
  { page: 'settings', label: '设置', load: () => import('./SettingsPage.vue') },
  { page: 'backup', label: '备份与恢复', load: () => import('./BackupPage.vue') },
] as const satisfies readonly { page: string; label: string; load: () => Promise<{ default: Component }> }[]

export type Page = (typeof PAGES)[number]['page']

export function isPage(p: string | null | undefined): p is Page {
  return PAGES.some((x) => x.page === p)
}
