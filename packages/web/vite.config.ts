import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";

// The server serves dist/ at "/" with an SPA fallback, so assets use absolute paths. During `npm run dev`
// the API is proxied to a running carta server (CARTA_API_URL, default the local `carta serve`).
export default defineConfig(({ mode }) => {
  const env = loadEnv(mode, ".", "CARTA_");
  return {
    base: "/",
    plugins: [react()],
    build: {
      outDir: "dist",
      emptyOutDir: true,
      // The tree-shaken ECharts chunk (bar, line, scatter, custom, SVG renderer) is ~595 kB minified, ~200 kB
      // gzipped, and cached after the first visit; the limit sits just above it so that any further growth
      // is reported.
      chunkSizeWarningLimit: 620,
      rolldownOptions: {
        output: {
          // Libraries change less often than carta's own code: separate chunks stay cached across releases.
          codeSplitting: {
            groups: [
              { name: "echarts", test: /node_modules[\\/](echarts|zrender)[\\/]/ },
              { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            ],
          },
        },
      },
    },
    server: { proxy: { "/api": env["CARTA_API_URL"] ?? "http://127.0.0.1:3000" } },
  };
});
