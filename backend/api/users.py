from typing import Annotated

from fastapi import APIRouter, Depends, Response

from backend.api.deps import ServicesDep, TokenDep, client_address
from backend.api.schemas import (
    ConfirmRequest,
    LoginRequest,
    PasswordChange,
    ResendRequest,
    ResetRequest,
    SessionOut,
    SignUpRequest,
    UserOut,
)
from backend.services.auth import Session

router = APIRouter(prefix="/api/users", tags=["users"])
ClientDep = Annotated[str, Depends(client_address)]
CHECK_EMAIL = "Check your email: we sent a confirmation code to finish signing up."


def _session(session: Session) -> SessionOut:
    return SessionOut(
        token=session.token.token,
        expires_in=session.token.expires_in,
        user=UserOut.of(session.user),
    )


@router.post("/signup", status_code=202)
def sign_up(body: SignUpRequest, svc: ServicesDep, client: ClientDep) -> dict:
    """Create an account; a confirmation code goes to the email (local mode: the outbox).
    The answer is the same when the email already has an account (its owner gets an email
    saying so); only a taken username is reported (409 username_taken)."""
    svc.auth.sign_up(
        email=body.email, username=body.username, password=body.password, client=client
    )
    return {"message": CHECK_EMAIL}


@router.post("/confirm")
def confirm(body: ConfirmRequest, svc: ServicesDep) -> UserOut:
    """422 bad_code for every failure, whatever the state of the account; 429 after 5 tries."""
    return UserOut.of(svc.auth.confirm(email=body.email, code=body.code))


@router.post("/resend-code", status_code=202)
def resend_code(body: ResendRequest, svc: ServicesDep, client: ClientDep) -> dict:
    """Send a new code if the account waits for one; says the same either way. 429 when
    asked too often for one email or from one address."""
    svc.auth.resend_code(email=body.email, client=client)
    return {"message": "If an account waits for confirmation, a new code is on its way."}


@router.post("/login")
def log_in(body: LoginRequest, svc: ServicesDep, client: ClientDep) -> SessionOut:
    return _session(svc.auth.log_in(email=body.email, password=body.password, client=client))


@router.post("/refresh")
def refresh(token: TokenDep, svc: ServicesDep) -> SessionOut:
    return _session(svc.auth.refresh(token))


@router.post("/logout-all", status_code=204)
def log_out_everywhere(token: TokenDep, svc: ServicesDep) -> Response:
    svc.auth.log_out_everywhere(token)
    return Response(status_code=204)


@router.post("/forgot-password", status_code=202)
def forgot_password(body: ResendRequest, svc: ServicesDep, client: ClientDep) -> dict:
    """Email a password-reset code (local mode: the outbox) if a confirmed account has this
    email; the answer is the same either way. 429 when asked too often for one email or from
    one address (Retry-After, and the wait in the message)."""
    svc.passwords.request_reset(email=body.email, client=client)
    return {"message": "If an account has this email, a reset code is on its way."}


@router.post("/reset-password")
def reset_password(body: ResetRequest, svc: ServicesDep) -> dict:
    """Set a new password with the emailed code. 422 bad_code for every wrong, expired or
    used code; 429 after 5 wrong ones. Every session of the account ends."""
    svc.passwords.reset(email=body.email, code=body.code, password=body.password)
    return {"message": "Your password is changed. Log in with the new one."}


@router.post("/change-password")
def change_password(
    body: PasswordChange, token: TokenDep, svc: ServicesDep, client: ClientDep
) -> SessionOut:
    """A new password, given the current one (422 wrong_password; wrong ones count as failed
    log-ins). Every other session ends: the answer carries the new token to use."""
    return _session(
        svc.passwords.change(
            token, current=body.current_password, new=body.new_password, client=client
        )
    )
