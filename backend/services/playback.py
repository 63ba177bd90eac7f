"""Who may watch what, and the signed URLs that let their player fetch it.

A grant is one CloudFront custom policy for the video's whole media prefix. Playlists are served
by the app and rewritten so every variant, init segment and media segment carries that signed
query; segments then come from CloudFront (aws) or the app's media route (local), both of which
check the signature. Expiries are rounded up to a time bucket so one signature serves everyone
in it (cheap listings, cacheable URLs).
"""

import math
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import quote

from backend.domain import keys
from backend.domain.errors import Forbidden, NotFound
from backend.domain.models import Principal, Video
from backend.ports.clock import Clock
from backend.ports.object_reader import ObjectReader
from backend.ports.url_signer import UrlSigner
from backend.ports.video_repository import VideoRepository

BUCKET_S = 300
DENIED = "This link is not valid or has expired."
PLAYLIST_PATH = "/api/playback"


@dataclass(frozen=True, slots=True)
class PlaybackGrant:
    url: str
    poster_url: str | None
    expires_at: datetime


class PlaybackService:
    def __init__(
        self,
        *,
        videos: VideoRepository,
        objects: ObjectReader,
        signer: UrlSigner,
        clock: Clock,
        app_url: str,
        media_url: str,
        ttl_s: int,
    ) -> None:
        self._videos = videos
        self._objects = objects
        self._signer = signer
        self._clock = clock
        self._app_url = app_url.rstrip("/")
        self._media_url = media_url.rstrip("/")
        self._ttl_s = ttl_s
        self._signed: OrderedDict[tuple[str, datetime], str] = OrderedDict()

    def grant(self, principal: Principal | None, video_id: str) -> PlaybackGrant:
        """A playback URL for a published video, or for the owner's own watchable video."""
        video = self._videos.get(video_id)
        mine = principal is not None and video is not None and video.owner_id == principal.user_id
        if video is None or not video.is_watchable or not (video.is_public or mine):
            raise NotFound("Video not found.")
        if video.takedown_reason:  # its owner is told why; to anyone else it does not exist
            raise Forbidden(
                f"An admin took this video down: {video.takedown_reason}", code="taken_down"
            )
        return self.grant_for(video)

    def grant_for(self, video: Video) -> PlaybackGrant:
        expires_at, query = self._query(video)
        return PlaybackGrant(
            url=f"{self._app_url}{PLAYLIST_PATH}/{video.video_id}/{_manifest_path(video)}?{query}",
            poster_url=self.poster_url(video, video.poster_key),
            expires_at=expires_at,
        )

    def poster_url(self, video: Video, key: str | None) -> str | None:
        if not key:
            return None
        return f"{self._media_url}/{quote(key)}?{self._query(video)[1]}"

    def playlist(self, video_id: str, path: str, params: Mapping[str, str]) -> str:
        """A stored playlist with every URI signed; Forbidden unless params grant this path."""
        prefix = keys.media_prefix(video_id)
        if not path.endswith(".m3u8") or ".." in path.split("/"):
            raise Forbidden(DENIED)
        if not self._signer.verify(f"{self._media_url}/{prefix}{path}", params, self._clock.now()):
            raise Forbidden(DENIED)
        video = self._videos.get(video_id)
        if video is None or video.takedown_reason:  # URLs handed out before stop here at once
            raise Forbidden(DENIED)
        body = self._objects.read_bytes(prefix + path)
        if body is None:
            raise NotFound("Playlist not found.")
        query = "&".join(f"{k}={params[k]}" for k in ("Policy", "Signature", "Key-Pair-Id"))
        folder = path.rsplit("/", 1)[0] + "/" if "/" in path else ""
        playlists = f"{self._app_url}{PLAYLIST_PATH}/{video_id}/{folder}"
        media = f"{self._media_url}/{prefix}{folder}"
        return rewrite_playlist(body.decode(), playlists=playlists, media=media, query=query)

    def allows(self, key: str, params: Mapping[str, str]) -> bool:
        """Whether params grant the media object at key (the local media route asks)."""
        return self._signer.verify(f"{self._media_url}/{key}", params, self._clock.now())

    def _query(self, video: Video) -> tuple[datetime, str]:
        now = self._clock.now().timestamp()
        lifetime = self._ttl_s + (video.duration_s or 0)
        expires_at = datetime.fromtimestamp(
            math.ceil((now + lifetime) / BUCKET_S) * BUCKET_S, tz=UTC
        )
        resource = f"{self._media_url}/{keys.media_prefix(video.video_id)}*"
        cached = self._signed.get((resource, expires_at))
        if cached is None:
            cached = self._signer.sign(resource, expires_at)
            self._signed[(resource, expires_at)] = cached
            while len(self._signed) > 4096:
                self._signed.popitem(last=False)
        return expires_at, cached


def rewrite_playlist(body: str, *, playlists: str, media: str, query: str) -> str:
    """Make every URI absolute and signed: .m3u8 through the app, everything else as media."""

    def signed(uri: str) -> str:
        base = playlists if uri.endswith(".m3u8") else media
        return f"{base}{uri}?{query}"

    lines = []
    for line in body.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            lines.append(signed(stripped))
        elif 'URI="' in line:
            head, rest = line.split('URI="', 1)
            uri, tail = rest.split('"', 1)
            lines.append(f'{head}URI="{signed(uri)}"{tail}')
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _manifest_path(video: Video) -> str:
    """The master playlist's path below the video's media prefix (ffmpeg and MediaConvert
    name it differently)."""
    prefix = keys.media_prefix(video.video_id)
    key = video.manifest_key or prefix + "master.m3u8"
    return key.removeprefix(prefix)
