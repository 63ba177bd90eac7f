"""Link previews (issue 16 item 9): the watch page's HTML, as a crawler that runs no
JavaScript receives it, carries the public video's title and Open Graph / Twitter card tags;
other videos' pages carry none."""

from html.parser import HTMLParser

from fastapi.testclient import TestClient
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse
from starlette.routing import Route

from backend.bootstrap import build_api, build_services
from backend.config import Settings
from backend.domain.statuses import Visibility
from tests.catalog_seed import published, seed_user

PAGE = (
    '<html><head><title>Watch · Valvid</title><meta property="og:image" content=""/></head>'
    "<body><div id='root'></div></body></html>"
)


class Head(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.metas: dict[str, str] = {}
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):  # type: ignore[no-untyped-def]
        named = dict(attrs)
        if tag == "meta" and (named.get("property") or named.get("name")):
            self.metas[named.get("property") or named["name"]] = named.get("content", "")
        self._in_title = tag == "title"

    def handle_data(self, data):  # type: ignore[no-untyped-def]
        if self._in_title:
            self.title += data


def site(tmp_path):
    """The API with a stand-in for the compiled frontend mounted under it, as Reflex does."""
    svc = build_services(Settings(data_dir=tmp_path, public_url="https://valvid.example"))
    frontend = Starlette(routes=[
        Route("/watch/{video_id}", lambda _r: HTMLResponse(PAGE)),
        Route("/robots.txt", lambda _r: PlainTextResponse("User-agent: *")),
    ])  # fmt: skip
    api = build_api(svc)
    api.mount("", frontend)
    owner = seed_user(svc.port("users"), "noor")
    return svc, owner, TestClient(api)


def head_of(client: TestClient, path: str) -> Head:
    answer = client.get(path)
    assert answer.status_code == 200
    assert int(answer.headers["content-length"]) == len(answer.content)
    head = Head()
    head.feed(answer.text)
    return head


def test_a_public_watch_page_names_its_video_to_crawlers(tmp_path):
    svc, owner, client = site(tmp_path)
    title = 'Harbour <lights> & "boats"'
    svc.port("videos").add(published(1, owner, title=title, description="Boats\n coming home."))
    head = head_of(client, "/watch/vid_000001")
    assert head.title == f"{title} · Valvid"
    assert head.metas["og:title"] == head.metas["twitter:title"] == title  # escaped, read back
    assert head.metas["og:description"] == "Boats coming home."
    assert head.metas["og:url"] == "https://valvid.example/watch/vid_000001"
    assert head.metas["og:image"].endswith("/api/viewers/videos/vid_000001/poster.jpg")
    assert client.get("/watch/vid_000001").text.count('property="og:image"') == 1
    assert "Signature=" in head.metas["og:video"]
    assert head.metas["twitter:card"] == "summary_large_image"


def test_private_and_unknown_videos_get_no_preview(tmp_path):
    svc, owner, client = site(tmp_path)
    hidden = published(2, owner, title="Not for you")
    hidden.visibility = Visibility.PRIVATE
    svc.port("videos").add(hidden)
    for path in ("/watch/vid_000002", "/watch/vid_000404"):
        head = head_of(client, path)
        assert head.title == "Watch · Valvid" and head.metas == {"og:image": ""}  # untouched
    assert client.get("/robots.txt").text == "User-agent: *"  # other pages pass untouched
