/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The bundle goes straight into the jar's static resources (Maven packages target/classes).
export default defineConfig({
  plugins: [react({ babel: { plugins: ['relay'] } })],
  build: {
    outDir: '../target/classes/static',
    emptyOutDir: true,
    // No data: URIs: the page's CSP allows images from 'self' only.
    assetsInlineLimit: 0,
    sourcemap: false,
    target: 'es2022',
    modulePreload: { polyfill: false },
    // Read by scripts/after-build.mjs to report each page's JavaScript, then removed.
    manifest: true,
  },
  server: {
    // `npm run dev` proxies the API to a local Rampart (README: development).
    proxy: {
      '/api': { target: 'https://localhost:8443', secure: false },
      '/graphql': { target: 'https://localhost:8443', secure: false },
    },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['./src/test-setup.ts'],
  },
});
