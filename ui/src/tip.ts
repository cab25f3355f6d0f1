// One tooltip for the whole window (App.vue shows it): `v-tip="text"` on an element shows the
// text while the mouse is over it. One popper instead of one per table cell.
import { reactive, type Directive } from 'vue'

export const tip = reactive({ el: null as HTMLElement | null, text: '' })

function enter(e: Event) {
  const el = e.currentTarget as HTMLElement
  if (!el.dataset.tip) return
  tip.text = el.dataset.tip
  tip.el = el
}
function leave(e: Event) {
  if (tip.el === e.currentTarget) tip.el = null
}

export const vTip: Directive<HTMLElement, string | undefined> = {
  mounted(el, b) {
    el.dataset.tip = b.value ?? ''
    el.addEventListener('mouseenter', enter)
    el.addEventListener('mouseleave', leave)
  },
  updated(el, b) {
    el.dataset.tip = b.value ?? ''
  },
  unmounted(el) {
    el.removeEventListener('mouseenter', enter)
    el.removeEventListener('mouseleave', leave)
    if (tip.el === el) tip.el = null
  },
}
