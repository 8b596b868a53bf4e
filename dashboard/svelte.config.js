import adapter from '@sveltejs/adapter-static';
import { vitePreprocess } from '@sveltejs/vite-plugin-svelte';

/** The console is a single-page app: the backend serves `build/` and falls back to index.html. */
export default {
  preprocess: vitePreprocess(),
  kit: {
    adapter: adapter({ pages: 'build', assets: 'build', fallback: 'index.html', strict: false }),
    // `$contract`: the backend's shared vocabulary (contract/): types and pure helpers.
    alias: { $lib: 'src/lib', $contract: '../contract' },
  },
};
