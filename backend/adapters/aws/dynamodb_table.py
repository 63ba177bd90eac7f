from typing import Any

from backend.adapters.aws.clients import AwsClients


class DynamoDbTable:
    """Base of the DynamoDB adapters: one table, reached lazily through the client factory."""

    def __init__(self, clients: AwsClients, table: str) -> None:
        self._clients = clients
        self._name = table

    @property
    def _table(self) -> Any:
        return self._clients.resource("dynamodb").Table(self._name)
