from backend.domain.models import Principal

PASSWORD = "correct horse 1"


def active_user(svc, name: str = "alice") -> Principal:
    """Sign up, confirm and return the principal of a fresh ACTIVE account."""
    email = f"{name}@example.com"
    svc.auth.sign_up(email=email, username=name, password=PASSWORD)
    svc.auth.confirm(email=email, code=svc.port("identity").last_code(email))
    session = svc.auth.log_in(email=email, password=PASSWORD, client="10.0.0.1")
    return svc.tokens.principal(session.token.token)
