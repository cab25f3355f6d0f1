import { createApp } from 'vue'
// Element Plus is imported where used (unplugin-vue-components, vite.config.ts) with its styles;
// the functions called from scripts bring theirs here.
import 'element-plus/theme-chalk/base.css'
import 'element-plus/es/components/message/style/css'
import 'element-plus/es/components/message-box/style/css'
import './style.css'
import App from './App.vue'

createApp(App).mount('#app')
