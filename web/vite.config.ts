import vue from '@vitejs/plugin-vue';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

// The API (npm run dev:api) answers everything the web app does not own.
const api = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [vue()],
  build: { outDir: 'dist', emptyOutDir: true },
  server: {
    proxy: {
      // ws: terminals are a WebSocket under /api.
      '/api': { target: api, ws: true },
      '/hooks': api,
      '/health': api,
      '/docs': api,
    },
  },
});
