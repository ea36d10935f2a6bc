import { defineConfig } from "vite";

// `npm run build` writes web/dist, which `rasd serve` serves at /. Paths are relative (base "./") so the
// app also works mounted below /. `npm run dev` proxies /api to a running `rasd serve` (RASD_API).
export default defineConfig({
  base: "./",
  build: {
    outDir: "dist",
    emptyOutDir: true,
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
  },
  server: {
    proxy: { "/api": process.env.RASD_API || "http://127.0.0.1:8000" },
  },
});
