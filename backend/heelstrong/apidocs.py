"""The API's documentation page, /docs (Swagger UI), served with its script and styles from this
server (the files the `fastapi-offline` package ships), never from a CDN: it works offline, and
under the app's Content-Security-Policy (no inline script, nothing from another origin).
/redoc leads there too: ReDoc styles itself by adding <style> elements, which that policy
refuses (`style-src 'self'`). Turned off, with /openapi.json, by HEELSTRONG_API_DOCS=false."""

from pathlib import Path

import fastapi_offline
from fastapi import FastAPI, HTTPException
from fastapi.responses import FileResponse, HTMLResponse, RedirectResponse, Response

VENDOR = Path(fastapi_offline.__file__).resolve().parent / "static"
ASSETS = "/docs/assets"
OPENAPI_URL = "/openapi.json"

# The pages' own start-up code: a file of ours, as the CSP allows no inline script. Unsafe
# requests from "Try it out" carry the CSRF header every API write needs.
_SWAGGER_INIT = f"""window.ui = SwaggerUIBundle({{
  url: '{OPENAPI_URL}',
  dom_id: '#swagger-ui',
  layout: 'BaseLayout',
  deepLinking: true,
  showExtensions: true,
  showCommonExtensions: true,
  validatorUrl: null,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset],
  requestInterceptor: (request) => {{
    request.headers['X-Heelstrong-CSRF'] = '1';
    return request;
  }},
}});
"""

_FILES = {
    "swagger-ui-bundle.js": VENDOR / "swagger-ui-bundle.js",
    "swagger-ui.css": VENDOR / "swagger-ui.css",
}
_SCRIPTS = {"swagger-init.js": _SWAGGER_INIT}
_NO_CACHE = {"Cache-Control": "no-cache"}


_PAGE = f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{title}}</title>
<link rel="icon" href="/icon-192.png">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="{ASSETS}/swagger-init.js"></script>
</body>
</html>
"""


def install_api_docs(app: FastAPI) -> None:
    """/docs and its files under /docs/assets/, and /redoc leading to it (the app is made with
    docs_url and redoc_url None, so FastAPI's CDN pages are never added)."""

    @app.get("/docs", include_in_schema=False)
    def swagger_ui() -> HTMLResponse:
        return HTMLResponse(_PAGE.format(title=f"{app.title} API"), headers=_NO_CACHE)

    @app.get("/redoc", include_in_schema=False)
    def redoc() -> RedirectResponse:
        return RedirectResponse("/docs", status_code=308)

    @app.get(ASSETS + "/{name}", include_in_schema=False)
    def asset(name: str) -> Response:
        if name in _SCRIPTS:
            return Response(_SCRIPTS[name], media_type="text/javascript", headers=_NO_CACHE)
        if name in _FILES:
            return FileResponse(_FILES[name], headers=_NO_CACHE)
        raise HTTPException(status_code=404, detail="No such file.")
