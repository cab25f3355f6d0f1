import { defineConfig } from 'vitest/config'
import vue from '@vitejs/plugin-vue'

// Everything is bundled into ui/dist, which Tauri serves: no CDN, no remote URL.
export default defineConfig({
  plugins: [vue()],
  base: './',
  build: { outDir: 'dist', emptyOutDir: true, chunkSizeWarningLimit: 4000 },
  test: { environment: 'happy-dom', include: ['src/**/*.test.ts'] },
})
