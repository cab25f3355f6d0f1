import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'
import Components from 'unplugin-vue-components/vite'
import { ElementPlusResolver } from 'unplugin-vue-components/resolvers'

// Everything is bundled into ui/dist, which Tauri serves: no CDN, no remote URL. Element Plus
// components (and their CSS) are imported by the pages that use them, so each page's chunk
// carries only what it shows (pages are loaded when first opened: src/pages/index.ts).
export default defineConfig({
  plugins: [vue(), Components({ resolvers: [ElementPlusResolver({ importStyle: 'css' })], dts: false })],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 1000 },
  test: { environment: 'happy-dom', include: ['src/**/*.test.ts'] },
})
