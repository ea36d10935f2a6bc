// Copies Swagger UI (npm swagger-ui-dist, Apache-2.0) into public/api-docs/, so that the API's /docs page
// served by `rasd serve` loads it from the server itself: FastAPI's default takes it from a CDN, and
// offline (rasd runs offline) /docs was a blank page. Only what the page loads: the bundle, its styles,
// the licence; generated at every build, not kept in git.
import { copyFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const from = join(here, "..", "node_modules", "swagger-ui-dist");
const to = join(here, "..", "public", "api-docs");
mkdirSync(to, { recursive: true });
for (const name of ["swagger-ui-bundle.js", "swagger-ui.css", "favicon-32x32.png", "LICENSE", "NOTICE"]) {
  copyFileSync(join(from, name), join(to, name));
}
console.log(`api docs: Swagger UI -> ${to}`);
