"""The dashboard's files (the front-end built into ``web/dist``) and the map outlines, served at ``/``.

Any path that is not an API path and not a file of the build gets ``index.html`` (the dashboard routes in
the browser); a missing file with an extension (``/assets/x.js``) is a plain 404. Until the dashboard is
built, ``/`` answers a short fixed page saying how to build it.
"""

from __future__ import annotations

import os
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, RedirectResponse, Response

import rasd

ENV_VAR = "RASD_WEB_DIR"
OUTLINES = "outlines.geojson"
DOCS_ASSETS = "api-docs"  # Swagger UI, copied in by the dashboard's build (web/scripts/copy-api-docs.mjs)
IMMUTABLE = "public, max-age=31536000, immutable"  # Vite's /assets/ names carry a content hash

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rasd</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>rasd</h1>
<p>The API is running, but the dashboard has not been built.</p>
<p>Build it from the repository with <code>make web</code> (npm), then reload this page; or start the
server with <code>rasd serve --web-dir PATH</code> pointing at a built dashboard.</p>
<p>The API: <a href="/docs">/docs</a> (OpenAPI: <a href="/openapi.json">/openapi.json</a>).</p>
</body></html>
"""
NO_DOCS = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>rasd API</title></head>
<body style="font-family: sans-serif; max-width: 40em; margin: 3em auto">
<h1>rasd API</h1>
<p>The interactive API documentation (Swagger UI) comes with the built dashboard, which has not been
built: build it from the repository with <code>make web</code> (npm), or start the server with
<code>rasd serve --web-dir PATH</code> pointing at a built dashboard.</p>
<p>The API's OpenAPI schema is here: <a href="/openapi.json">/openapi.json</a>.</p>
</body></html>
"""


def find_web_dir(given: str | os.PathLike | None = None) -> Path | None:
    """The built dashboard: the folder given, else ``$RASD_WEB_DIR``, else ``web/dist`` of the source tree
    rasd runs from, else ``web/dist`` under the current folder; None when there is none."""
    if given:
        return Path(given)
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    candidates = (Path(rasd.__file__).resolve().parents[2] / "web" / "dist", Path.cwd() / "web" / "dist")
    return next((path for path in candidates if (path / "index.html").is_file()), None)


def add_routes(app: FastAPI) -> None:
    """``/api/geo/outlines`` and the dashboard's files; registered last, after every API route."""

    @app.get(
        "/api/geo/outlines",
        tags=["meta"],
        response_class=FileResponse,
        responses={
            200: {
                "description": "GeoJSON of country and province outlines",
                "content": {"application/geo+json": {}},
            },
            404: {"description": "the dashboard (which ships the outlines) is not built"},
        },
    )
    def outlines(request: Request) -> Response:
        """Country and province outlines for the map (the dashboard's ``outlines.geojson``); open to all,
        like the dashboard's own files."""
        web_dir = request.app.state.settings.web_dir
        path = web_dir / OUTLINES if web_dir else None
        if path is None or not path.is_file():
            where = str(path) if path else "web/dist/outlines.geojson"
            return JSONResponse(
                {"detail": f"no map outlines: {where} does not exist; build the dashboard (make web)"},
                status_code=404,
            )
        return FileResponse(path, media_type="application/geo+json")

    @app.get("/docs", include_in_schema=False)
    def api_docs(request: Request) -> HTMLResponse:
        """Swagger UI over ``/openapi.json`` from the built dashboard's copy (``api-docs/``, npm
        swagger-ui-dist): FastAPI's default loads it from a CDN, and offline the page was blank. Without
        a built dashboard, a short page that says how to get it and links the schema (no CDN either)."""
        web_dir = request.app.state.settings.web_dir
        if web_dir is None or not (web_dir / DOCS_ASSETS / "swagger-ui-bundle.js").is_file():
            return HTMLResponse(NO_DOCS)
        return get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json",
            title="rasd API",
            swagger_js_url=f"/{DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"/{DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"/{DOCS_ASSETS}/favicon-32x32.png",
        )

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        """FastAPI's ReDoc page loaded ReDoc from a CDN and was blank offline; rasd ships one API
        documentation page, Swagger UI at ``/docs``, and an old bookmark of ``/redoc`` leads there."""
        return RedirectResponse("/docs", status_code=307)

    @app.get("/{path:path}", include_in_schema=False)
    def dashboard(request: Request, path: str) -> Response:
        if path == "api" or path.startswith("api/"):
            return JSONResponse({"detail": "no such endpoint; see /docs"}, status_code=404)
        web_dir = request.app.state.settings.web_dir
        index = web_dir / "index.html" if web_dir else None
        if index is None or not index.is_file():
            return HTMLResponse(NOT_BUILT, status_code=200 if path in ("", "index.html") else 404)
        root = web_dir.resolve()
        if "\x00" in path:  # no file name holds NUL (and resolving one raises)
            return JSONResponse({"detail": "no such file"}, status_code=404)
        if path:
            candidate = (root / path).resolve()
            if candidate.is_relative_to(root) and candidate.is_file():
                headers = {"Cache-Control": IMMUTABLE} if path.startswith("assets/") else None
                return FileResponse(candidate, headers=headers)
            if Path(path).suffix:
                return JSONResponse({"detail": "no such file"}, status_code=404)
        return FileResponse(index, headers={"Cache-Control": "no-cache"})
