"""The JSON API: one NinjaAPI, one router per app, schema at /api/openapi.json."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, ValidationError

from hearth.accounts.api import router as accounts_router
from hearth.forum.api import router as forum_router
from hearth.groups.api import router as groups_router
from hearth.safety.api import router as safety_router

api = NinjaAPI(
    title="Hearth API",
    version="1",
    urls_namespace="api",
    docs_url=None,  # The interactive docs page loads scripts from a CDN; the schema is enough.
    openapi_url="/openapi.json",
)
api.add_router("/", accounts_router)
api.add_router("/", groups_router)
api.add_router("/", forum_router)
api.add_router("/", safety_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    # Missing and forbidden answer alike, so ids cannot be probed.
    return api.create_response(request, {"code": "not_found", "message": "Not found."}, status=404)


@api.exception_handler(AuthenticationError)
def unauthorised(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
    return api.create_response(
        request, {"code": "unauthorised", "message": "Sign in first."}, status=401
    )


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    fields = [".".join(str(p) for p in e.get("loc", ())[1:]) for e in exc.errors]
    return api.create_response(
        request,
        {"code": "invalid", "message": "Some fields are missing or not valid.", "fields": fields},
        status=422,
    )


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    code = "bad_request" if exc.status_code == 400 else "error"
    message = "The request body is not valid JSON." if exc.status_code == 400 else str(exc)
    return api.create_response(request, {"code": code, "message": message}, status=exc.status_code)
