"""One mapping from domain errors to HTTP: JSON {"error", "message"} with a real status code."""

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException

from backend.domain import errors

log = logging.getLogger(__name__)
STATUS = {
    errors.InvalidCursor: 400,
    errors.StorageRejected: 400,
    errors.InvalidInput: 422,
    errors.Unauthorized: 401,
    errors.Forbidden: 403,
    errors.NotFound: 404,
    errors.Conflict: 409,
    errors.LimitExceeded: 413,
    errors.Throttled: 429,
    errors.Unavailable: 503,
}


def error_response(
    status: int, code: str, message: str, headers: dict | None = None
) -> JSONResponse:
    return JSONResponse({"error": code, "message": message}, status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(errors.DomainError)
    async def domain_error(_: Request, exc: errors.DomainError) -> JSONResponse:
        status = next((s for kind, s in STATUS.items() if isinstance(exc, kind)), 400)
        headers = (
            {"Retry-After": str(exc.retry_after_s)}
            if isinstance(exc, errors.Throttled | errors.Unavailable)
            else None
        )
        if status == 401:
            headers = {"WWW-Authenticate": "Bearer"}
        response = error_response(status, exc.code, exc.message, headers)
        if isinstance(exc, errors.InvalidFields):  # every wrong field, for forms to show at once
            body = {"error": exc.code, "message": exc.message, "fields": exc.fields}
            response = JSONResponse(body, status_code=status, headers=headers)
        return response

    @app.exception_handler(RequestValidationError)
    async def invalid_request(_: Request, exc: RequestValidationError) -> JSONResponse:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p != "body")
        message = f"{where}: {first.get('msg', 'invalid')}" if where else "The request is invalid."
        return error_response(422, "invalid_input", message)

    @app.exception_handler(HTTPException)
    async def http_error(_: Request, exc: HTTPException) -> JSONResponse:
        code = {
            401: "unauthorized",
            404: "not_found",
            405: "method_not_allowed",
            408: "request_timeout",
            413: "too_large",
        }.get(exc.status_code, "error")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(Exception)
    async def unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("unhandled error", exc_info=exc)
        return error_response(500, "internal", "Something went wrong on our side.")
