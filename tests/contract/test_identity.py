"""One identity contract for local argon2 + outbox and for Cognito (moto)."""

from datetime import UTC, datetime

import pytest
from botocore.stub import Stubber

from backend.adapters.aws.cognito_identity import CognitoIdentity
from backend.adapters.local.database import open_database
from backend.adapters.local.local_identity import LocalIdentity
from backend.domain.errors import Conflict, InvalidInput, Throttled
from tests.fakes.clock import FrozenClock

PASSWORD = "Correct-horse-1"
NEW = "Brand-new-horse-2"


@pytest.fixture(params=["local", "cognito"])
def identity(request, tmp_path):
    """(identity, code_for(email)) — moto's Cognito accepts any confirmation code."""
    if request.param == "local":
        local = LocalIdentity(
            open_database(f"sqlite:///{tmp_path / 'id.db'}"), clock=FrozenClock(datetime.now(UTC))
        )
        return local, lambda email: local.outbox(email)[0].code
    clients = request.getfixturevalue("aws")
    idp = clients.client("cognito-idp")
    pool = idp.create_user_pool(
        PoolName="valvid",
        UsernameAttributes=["email"],
        Schema=[{"Name": "user_id", "AttributeDataType": "String", "Mutable": False}],
    )["UserPool"]["Id"]
    client = idp.create_user_pool_client(
        UserPoolId=pool, ClientName="app", ExplicitAuthFlows=["ALLOW_ADMIN_USER_PASSWORD_AUTH"]
    )["UserPoolClient"]["ClientId"]
    cognito = CognitoIdentity(clients, user_pool_id=pool, client_id=client)
    cognito.pool_id = pool  # for inspection below
    return cognito, lambda email: "123456"


def test_register_confirm_and_check_passwords(identity):
    ident, code_for = identity
    ident.register(user_id="usr_1", email="ann@example.com", username="ann", password=PASSWORD)
    ident.confirm(email="ann@example.com", code=code_for("ann@example.com"))
    assert ident.check_password(email="ann@example.com", password=PASSWORD)
    assert not ident.check_password(email="ann@example.com", password="Wrong-horse-1")
    assert not ident.check_password(email="nobody@example.com", password=PASSWORD)


def test_forget(identity):
    ident, code_for = identity
    ident.register(user_id="usr_2", email="bo@example.com", username="bo", password=PASSWORD)
    ident.confirm(email="bo@example.com", code=code_for("bo@example.com"))
    ident.forget(email="bo@example.com")
    assert not ident.check_password(email="bo@example.com", password=PASSWORD)
    ident.forget(email="bo@example.com")  # forgetting twice is harmless


def test_cognito_stores_the_platform_user_id(identity):
    ident, _ = identity
    if not isinstance(ident, CognitoIdentity):
        return  # the local identity keeps user ids in its own table (checked in integration)
    ident.register(user_id="usr_9", email="cy@example.com", username="cy", password=PASSWORD)
    user = ident._idp.admin_get_user(UserPoolId=ident.pool_id, Username="cy@example.com")
    attributes = {a["Name"]: a["Value"] for a in user["UserAttributes"]}
    assert attributes["custom:user_id"] == "usr_9"


@pytest.mark.parametrize(
    ("code", "error", "kind"),
    [
        ("CodeMismatchException", "bad_code", InvalidInput),
        ("ExpiredCodeException", "bad_code", InvalidInput),
        ("UsernameExistsException", "conflict", Conflict),
        ("TooManyFailedAttemptsException", "too_many_requests", Throttled),
    ],
)
def test_cognito_errors_become_the_same_domain_errors_as_local(aws, code, error, kind):
    # moto accepts any code, so Cognito's refusals are replayed against botocore's model.
    ident = CognitoIdentity(aws, user_pool_id="eu-west-1_x", client_id="c")
    with Stubber(ident._idp) as stub:
        stub.add_client_error("confirm_sign_up", service_error_code=code, http_status_code=400)
        with pytest.raises(kind) as raised:
            ident.confirm(email="a@example.com", code="000000")
    assert raised.value.code == error


def test_cognito_resend_asks_cognito_for_a_new_code(aws):
    # moto has no resend_confirmation_code: the request is checked against botocore's model.
    ident = CognitoIdentity(aws, user_pool_id="eu-west-1_x", client_id="client-1")
    with Stubber(ident._idp) as stub:
        stub.add_response(
            "resend_confirmation_code",
            {"CodeDeliveryDetails": {"DeliveryMedium": "EMAIL"}},
            {"ClientId": "client-1", "Username": "a@example.com"},
        )
        ident.resend_code(email="a@example.com")
        stub.assert_no_pending_responses()


def test_a_reset_code_sets_a_new_password(identity):
    ident, code_for = identity
    ident.register(user_id="usr_3", email="di@example.com", username="di", password=PASSWORD)
    ident.confirm(email="di@example.com", code=code_for("di@example.com"))
    ident.send_reset_code(email="di@example.com")
    ident.reset_password(email="di@example.com", code=code_for("di@example.com"), password=NEW)
    assert ident.check_password(email="di@example.com", password=NEW)
    assert not ident.check_password(email="di@example.com", password=PASSWORD)


def test_a_wrong_reset_code_changes_nothing(identity):
    ident, code_for = identity
    ident.register(user_id="usr_4", email="ed@example.com", username="ed", password=PASSWORD)
    ident.confirm(email="ed@example.com", code=code_for("ed@example.com"))
    ident.send_reset_code(email="ed@example.com")
    # moto checks a code only when it looks like one it made (its own prefix)
    wrong = "moto-confirmation-code:000000" if isinstance(ident, CognitoIdentity) else "x"
    with pytest.raises(InvalidInput) as raised:
        ident.reset_password(email="ed@example.com", code=wrong, password=NEW)
    assert raised.value.code == "bad_code"
    assert ident.check_password(email="ed@example.com", password=PASSWORD)


def test_set_password_replaces_the_password(identity):
    ident, code_for = identity
    ident.register(user_id="usr_5", email="flo@example.com", username="flo", password=PASSWORD)
    ident.confirm(email="flo@example.com", code=code_for("flo@example.com"))
    ident.set_password(email="flo@example.com", password=NEW)
    assert ident.check_password(email="flo@example.com", password=NEW)
    assert not ident.check_password(email="flo@example.com", password=PASSWORD)


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("CodeMismatchException", "bad_code"),
        ("ExpiredCodeException", "bad_code"),
        ("UserNotFoundException", "bad_code"),
        ("InvalidPasswordException", "weak_password"),
        ("LimitExceededException", "too_many_requests"),
    ],
)
def test_cognito_reset_refusals_become_the_domain_errors_of_local_mode(aws, code, error):
    ident = CognitoIdentity(aws, user_pool_id="eu-west-1_x", client_id="c")
    with Stubber(ident._idp) as stub:
        stub.add_client_error(
            "confirm_forgot_password", service_error_code=code, http_status_code=400
        )
        with pytest.raises((InvalidInput, Throttled)) as raised:
            ident.reset_password(email="a@example.com", code="000000", password=NEW)
    assert raised.value.code == error


def test_cognito_says_how_long_to_wait_when_it_limits_reset_mails(aws):
    ident = CognitoIdentity(aws, user_pool_id="eu-west-1_x", client_id="c")
    with Stubber(ident._idp) as stub:
        stub.add_client_error(
            "forgot_password", service_error_code="LimitExceededException", http_status_code=400
        )
        with pytest.raises(Throttled) as raised:
            ident.send_reset_code(email="a@example.com")
    assert raised.value.message == "Too many attempts. Try again in 1 minute."
