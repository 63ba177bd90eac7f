"""The public catalog on DynamoDB: the sparse `public_newest` index, newest first, and the
sparse `public_by_owner` index for channel pages (both only hold PUBLIC and READY videos).

Search cost, honestly: DynamoDB has no full-text index, so a search reads the newest published
videos from the index in pages of 100 (at most SEARCH_WINDOW items, about 0.5 RCU per 4 KB item
read with eventual consistency, so ~125 RCU for a full window of 1 KB items) and ranks matches
in memory, like local mode (every word as a prefix; title and creator name over tags over
description). Creator names are read once per owner and process (usernames never change). That is
cheap and exact for catalogs of a few thousand videos. Beyond that, stream the table
(DynamoDB Streams → Lambda) into OpenSearch Serverless (or Aurora PostgreSQL with tsvector) and
let this adapter query it; nothing above the Catalog port changes.
"""

import re
from typing import Any

from boto3.dynamodb.conditions import Key

from backend.adapters.aws.clients import AwsClients
from backend.adapters.aws.dynamodb_codec import video_from_item
from backend.adapters.aws.dynamodb_table import DynamoDbTable
from backend.adapters.aws.dynamodb_video_repository import query_page
from backend.adapters.cursor import decode_offset, encode_offset
from backend.domain.models import CatalogEntry, Page, Video
from backend.ports.user_repository import UserRepository

SEARCH_WINDOW = 1000
WORD = re.compile(r"\w+", re.UNICODE)
WEIGHTS = (("title", 10.0), ("creator", 10.0), ("tags", 5.0), ("description", 2.0))


class DynamoDbCatalog(DynamoDbTable):
    def __init__(self, clients: AwsClients, table: str, *, users: UserRepository) -> None:
        super().__init__(clients, table)
        self._users = users
        self._names: dict[str, str] = {}  # owner id → username

    def newest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        return self._listed("public_newest", ("public_pk", "PUBLIC"), limit=limit, cursor=cursor)

    def oldest(self, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        partition = ("public_pk", "PUBLIC")
        return self._listed("public_newest", partition, limit=limit, cursor=cursor, forward=True)

    def by_creator(self, user_id: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        partition = ("public_owner", user_id)
        return self._listed("public_by_owner", partition, limit=limit, cursor=cursor)

    def _listed(self, index: str, partition: tuple[str, str], *, limit: int, cursor: str | None,
                forward: bool = False) -> Page[CatalogEntry]:  # fmt: skip
        """Newest (or, forward, oldest) published first from one of the sparse listing indexes."""
        page = query_page(
            self._table,
            index=index,
            partition=partition,
            keys=("video_id", partition[0], "published_sort"),
            limit=limit,
            cursor=cursor,
            convert=video_from_item,
            forward=forward,
        )
        return Page(items=self._entries(page.items), next_cursor=page.next_cursor)

    def search(self, query: str, *, limit: int, cursor: str | None) -> Page[CatalogEntry]:
        terms = WORD.findall(query.lower())[:10]
        if not terms:
            return self.newest(limit=limit, cursor=cursor)
        offset = decode_offset(cursor) if cursor else 0
        entries = self._entries(self._window())
        scored = [(s, e) for e in entries if (s := _score(e, terms)) > 0]
        scored.sort(key=lambda se: (-se[0], -_published(se[1].video)))
        chosen = [e for _, e in scored[offset : offset + limit]]
        more = len(scored) > offset + limit
        return Page(items=chosen, next_cursor=encode_offset(offset + limit) if more else None)

    def get(self, video_id: str) -> CatalogEntry | None:
        item = self._table.get_item(Key={"video_id": video_id}).get("Item")
        if item is None or item.get("public_pk") != "PUBLIC":
            return None
        return self._entries([video_from_item(item)])[0]

    def _window(self) -> list[Video]:
        request: dict[str, Any] = {
            "IndexName": "public_newest",
            "KeyConditionExpression": Key("public_pk").eq("PUBLIC"),
            "ScanIndexForward": False,
            "Limit": 100,
        }
        videos: list[Video] = []
        while len(videos) < SEARCH_WINDOW:
            page = self._table.query(**request)
            videos += [video_from_item(i) for i in page["Items"]]
            if "LastEvaluatedKey" not in page:
                break
            request["ExclusiveStartKey"] = page["LastEvaluatedKey"]
        return videos[:SEARCH_WINDOW]

    def _entries(self, videos: list[Video]) -> list[CatalogEntry]:
        for owner in {v.owner_id for v in videos} - self._names.keys():
            user = self._users.get(owner)
            if user is not None:  # a username never changes, so it is kept once read
                self._names[owner] = user.username
        return [CatalogEntry(video=v, creator=self._names.get(v.owner_id, "")) for v in videos]


def _published(video: Video) -> float:
    return (video.published_at or video.created_at).timestamp()


def _score(entry: CatalogEntry, terms: list[str]) -> float:
    video = entry.video
    fields = {
        "title": WORD.findall(video.title.lower()),
        "creator": WORD.findall(entry.creator.lower()),
        "tags": [w for t in video.tags for w in WORD.findall(t)],
        "description": WORD.findall(video.description.lower()),
    }
    total = 0.0
    for term in terms:
        hit = sum(
            weight for name, weight in WEIGHTS if any(w.startswith(term) for w in fields[name])
        )
        if hit == 0:
            return 0.0  # every word must match somewhere
        total += hit
    return total
