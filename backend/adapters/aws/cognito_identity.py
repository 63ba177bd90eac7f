"""Amazon Cognito does the password and confirmation-code work; Valvid keeps its own users."""

from typing import Any

from botocore.exceptions import ClientError

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.errors import code_of, cognito_error
from backend.domain.errors import InvalidInput

WRONG_PASSWORD = (
    "NotAuthorizedException",
    "UserNotFoundException",
    "PasswordResetRequiredException",
)

# A reset code for an account that cannot reset (gone, unconfirmed) is simply a wrong code.
NO_RESET = ("CodeMismatchException", "ExpiredCodeException", "UserNotFoundException",
            "NotAuthorizedException", "InvalidParameterException")  # fmt: skip
WRONG_RESET_CODE = "The reset code is wrong or has expired. Ask for a new one."


class CognitoIdentity:
    def __init__(self, clients: AwsClients, *, user_pool_id: str, client_id: str) -> None:
        self._clients = clients
        self._pool = user_pool_id
        self._client_id = client_id

    @property
    def _idp(self) -> Any:
        return self._clients.client("cognito-idp")

    def register(self, *, user_id: str, email: str, username: str, password: str) -> None:
        self._call(
            "sign_up",
            ClientId=self._client_id,
            Username=email,
            Password=password,
            UserAttributes=[
                {"Name": "email", "Value": email},
                {"Name": "custom:user_id", "Value": user_id},
            ],
        )

    def confirm(self, *, email: str, code: str) -> None:
        self._call("confirm_sign_up", ClientId=self._client_id, Username=email,
                   ConfirmationCode=code)  # fmt: skip

    def resend_code(self, *, email: str) -> None:
        self._call("resend_confirmation_code", ClientId=self._client_id, Username=email)

    def send_reset_code(self, *, email: str) -> None:
        self._call("forgot_password", ClientId=self._client_id, Username=email)

    def reset_password(self, *, email: str, code: str, password: str) -> None:
        try:
            self._idp.confirm_forgot_password(
                ClientId=self._client_id, Username=email, ConfirmationCode=code, Password=password
            )
        except ClientError as e:
            if code_of(e) in NO_RESET:
                raise InvalidInput(WRONG_RESET_CODE, code="bad_code") from e
            raise cognito_error(e) from e

    def set_password(self, *, email: str, password: str) -> None:
        self._call("admin_set_user_password", UserPoolId=self._pool, Username=email,
                   Password=password, Permanent=True)  # fmt: skip

    def check_password(self, *, email: str, password: str) -> bool:
        try:
            self._idp.admin_initiate_auth(
                UserPoolId=self._pool,
                ClientId=self._client_id,
                AuthFlow="ADMIN_USER_PASSWORD_AUTH",
                AuthParameters={"USERNAME": email, "PASSWORD": password},
            )
        except ClientError as e:
            if code_of(e) == "UserNotConfirmedException":
                return True  # right password; the service tells the user to confirm first
            if code_of(e) in WRONG_PASSWORD:
                return False
            raise cognito_error(e) from e
        return True

    def spend_password_work(self, *, password: str) -> None:
        """Cognito hashes passwords on its side; this process has none to spend. (A taken
        email still skips Cognito's sign_up round trip: see the README on enumeration.)"""

    def forget(self, *, email: str) -> None:
        try:
            self._idp.admin_delete_user(UserPoolId=self._pool, Username=email)
        except ClientError as e:
            if code_of(e) != "UserNotFoundException":
                raise cognito_error(e) from e

    def _call(self, operation: str, **params: Any) -> Any:
        try:
            return getattr(self._idp, operation)(**params)
        except ClientError as e:
            raise cognito_error(e) from e
