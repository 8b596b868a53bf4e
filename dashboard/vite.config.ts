import { sveltekit } from '@sveltejs/kit/vite';
import { defineConfig } from 'vite';

// `npx vite dev` in dashboard/ proxies the API and the live feed to a backend on :3000.
const backend = process.env.RATIBA_BACKEND ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [sveltekit()],
  server: {
    proxy: { '/api': { target: backend, ws: true } },
    // contract/ (the shared API types) lives beside dashboard/.
    fs: { allow: ['..'] },
  },
  build: { chunkSizeWarningLimit: 2000 },
  logLevel: 'warn',
});
