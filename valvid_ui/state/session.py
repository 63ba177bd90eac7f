"""Who is signed in: the platform JWT in the browser's local storage, checked by the backend."""

import contextlib
import time
from urllib.parse import quote

import jwt
import reflex as rx

from backend.domain.errors import DomainError
from backend.domain.models import Principal
from valvid_ui import routes
from valvid_ui.services import services

REFRESH_BEFORE_S = 15 * 60


class SessionState(rx.State):
    token: str = rx.LocalStorage("", name="valvid_token", sync=True)
    username: rx.Field[str] = rx.field("")
    is_admin: rx.Field[bool] = rx.field(False)

    def _principal(self) -> Principal | None:
        if not self.token:
            return None
        try:
            return services().tokens.principal(self.token)
        except DomainError:
            return None

    @rx.event
    def load_session(self):
        """Show who is signed in; forget a token that no longer works."""
        principal = self._principal()
        self.username = principal.username if principal else ""
        self.is_admin = principal is not None and principal.is_admin
        if principal is None:
            self.token = ""

    @rx.event
    def require_login(self):
        """On protected pages: back to log in, and then back here."""
        self.load_session()
        if not self.username:
            return rx.redirect(f"{routes.LOGIN}?next={quote(self.router.url.path)}")
        return None

    @rx.event
    def skip_if_signed_in(self):
        """On log-in and sign-up pages: someone signed in goes where they were heading."""
        self.load_session()
        if self.username:
            target = self.router.url.query_parameters.get("next", routes.STUDIO)
            return rx.redirect(routes.on_this_site(target, routes.STUDIO))
        return None

    @rx.event
    def keep_fresh(self):
        """Called every minute while a tab is open: renew the token before it runs out."""
        if not self.token:
            return
        try:
            expires = jwt.decode(self.token, options={"verify_signature": False})["exp"]
        except (jwt.PyJWTError, KeyError):
            return
        if expires - time.time() < REFRESH_BEFORE_S:
            try:
                self.token = services().auth.refresh(self.token).token.token
            except DomainError:
                self.token, self.username = "", ""

    def _start(self, token: str, username: str) -> None:
        self.token, self.username = token, username

    @rx.event
    def log_out(self):
        self.token, self.username = "", ""
        return rx.redirect(routes.BROWSE)

    @rx.event
    def log_out_everywhere(self):
        with contextlib.suppress(DomainError):
            services().auth.log_out_everywhere(self.token)
        self.token, self.username = "", ""
        yield rx.toast.success("Signed out on every device.")
        yield rx.redirect(routes.BROWSE)
