"""Resumable uploads in the browser (issue 13; the tray and the leave warning of issue 16 item 4).

The last part's PUT is held at the browser's edge (a Playwright route) so that each check can
act mid-upload; storage is read on the server's side (the platform's, in either mode) to
count what it received."""

import os
import re
from collections import Counter
from contextlib import suppress
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import Error, Page, Route, expect

from backend.services.multipart_uploads import part_size_for
from tests.e2e.journeys import new_video, sign_up_and_log_in

MIB = 1024 * 1024
SIZE = 17 * MIB  # three parts: two whole ones and a short last one
PARTS = -(-SIZE // part_size_for(SIZE))
ACCESS_DENIED = "<Error><Code>AccessDenied</Code><Message>Access Denied</Message></Error>"
LEAVING = """() => {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}"""


def part_number(url: str) -> int | None:
    numbers = parse_qs(urlsplit(url).query).get("partNumber")
    return int(numbers[0]) if numbers else None


class PartGate:
    """Holds every PUT of the last part until released; counts the parts storage accepted."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.held: list[Route] = []
        self.released = False
        self.stored: Counter[int] = Counter()
        self.failed: Counter[int] = Counter()
        self.sent: Counter[int] = Counter()
        self.in_flight: set[int] = set()
        self.most_in_flight = 0
        page.route(re.compile(rf"[?&]partNumber={PARTS}(&|$)"), self._hold)
        page.on("response", self._count)
        page.on("requestfailed", self._count_failure)
        page.on("request", self._sent)

    def _hold(self, route: Route) -> None:
        if self.released:
            route.continue_()
        else:
            self.held.append(route)

    def _sent(self, request) -> None:  # type: ignore[no-untyped-def]
        number = part_number(request.url)
        if request.method == "PUT" and number:
            self.sent[number] += 1
            self.in_flight.add(number)
            self.most_in_flight = max(self.most_in_flight, len(self.in_flight))

    def _count(self, response) -> None:  # type: ignore[no-untyped-def]
        number = part_number(response.url)
        if response.request.method == "PUT" and number:
            self.in_flight.discard(number)
            if response.status == 200:
                self.stored[number] += 1

    def _count_failure(self, request) -> None:  # type: ignore[no-untyped-def]
        number = part_number(request.url)
        if request.method == "PUT" and number:
            self.in_flight.discard(number)
            self.failed[number] += 1

    def release(self) -> None:
        self.released = True
        for route in self.held:
            with suppress(Error):  # a request the page gave up on meanwhile
                route.continue_()

    def refuse(self) -> None:
        """Storage turns the held part down, as S3 does a request it will not take."""
        self.released = True
        for route in self.held:
            route.fulfill(status=403, content_type="application/xml", body=ACCESS_DENIED)

    def wait_for_parts_before_the_last(self) -> None:
        for _ in range(600):
            if all(self.stored[n] for n in range(1, PARTS)):
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"parts stored so far: {dict(self.stored)}")


@pytest.fixture
def big_file(tmp_path) -> Path:
    path = tmp_path / "long-take.mp4"
    path.write_bytes(os.urandom(SIZE))
    return path


def start(
    page: Page, platform, name: str, big_file: Path, upload_bytes_per_s: int = -1
) -> tuple[str, PartGate]:
    sign_up_and_log_in(page, platform, name)
    video_id = new_video(page, f"Long take of {name}")
    gate = PartGate(page)
    if upload_bytes_per_s > 0:  # a slower link, so that progress has a speed to show
        page.context.new_cdp_session(page).send(
            "Network.emulateNetworkConditions",
            {"offline": False, "latency": 0, "downloadThroughput": -1,
             "uploadThroughput": upload_bytes_per_s},
        )  # fmt: skip
    page.locator("#file-input").set_input_files(str(big_file))
    gate.wait_for_parts_before_the_last()
    return video_id, gate


def test_an_upload_rides_out_a_network_drop(page: Page, platform, big_file):
    _, gate = start(page, platform, "offline", big_file)
    progress = page.get_by_test_id("upload-progress")
    page.context.set_offline(True)
    gate.release()  # the held part now meets a dead network
    expect(progress).to_contain_text("waiting for the network")
    page.context.set_offline(False)
    expect(progress).to_have_text("100% · done", timeout=60_000)
    expect(page.get_by_test_id("status")).not_to_have_text("Uploading", timeout=30_000)
    assert gate.failed[PARTS] >= 1  # the drop was real: the part failed, then went again
    assert gate.stored == Counter(range(1, PARTS + 1))


def test_after_a_reload_the_same_file_resumes_and_sends_only_missing_parts(
    page: Page, platform, big_file
):
    video_id, gate = start(page, platform, "reloader", big_file)
    [upload] = platform.multipart_uploads(video_id)
    before = platform.stored_parts(upload)
    assert sorted(before) == list(range(1, PARTS))
    at_complete: dict[int, tuple[int, int]] = {}

    def look_then_complete(route: Route) -> None:
        if upload in platform.multipart_uploads(video_id):  # not dropped for a new upload
            at_complete.update(platform.stored_parts(upload))
        route.continue_()

    page.route("**/uploads/*/complete", look_then_complete)
    page.on("dialog", lambda dialog: dialog.accept())  # "leave the page?" on reload
    page.reload()
    gate.release()
    page.locator("#file-input").set_input_files(str(big_file))
    expect(page.get_by_test_id("upload-progress")).to_have_text("100% · done", timeout=60_000)
    # The server received every part finished before the reload once, and then the rest.
    assert {n: at_complete[n] for n in before} == before
    assert sorted(at_complete) == list(range(1, PARTS + 1))
    assert sum(size for _, size in at_complete.values()) == SIZE
    assert gate.stored == Counter(range(1, PARTS + 1))


def test_pause_stops_and_resume_sends_only_what_is_missing(page: Page, platform, big_file):
    _, gate = start(page, platform, "pauser", big_file)
    assert gate.most_in_flight >= 2  # the parts go in parallel, not one after another
    progress = page.get_by_test_id("upload-progress")
    page.get_by_role("button", name="Pause upload").dblclick()  # a double click is one action
    expect(progress).to_contain_text("paused")
    gate.release()  # from now on storage would take the last part at once
    page.wait_for_timeout(500)
    assert gate.sent[PARTS] == 1  # paused: the part is not sent again
    page.get_by_role("button", name="Resume upload").click()
    expect(progress).to_have_text("100% · done", timeout=60_000)
    assert all(gate.stored[n] == 1 for n in range(1, PARTS)), gate.stored
    # The paused request may have reached storage after all (then the resume finds it there,
    # as S3 answers ListParts); else it is sent once more: never more than that.
    assert gate.sent[PARTS] <= 2
    expect(page.get_by_test_id("status")).not_to_have_text("Uploading", timeout=30_000)


def test_a_refused_part_stops_the_upload_and_retry_sends_only_that_part(
    page: Page, platform, big_file
):
    _, gate = start(page, platform, "retrier", big_file)
    gate.refuse()
    expect(page.get_by_test_id("upload-progress")).to_contain_text("stopped")
    expect(page.get_by_role("alert")).to_contain_text("Storage refused a part (HTTP 403).")
    page.get_by_role("button", name="Retry upload").click()
    expect(page.get_by_test_id("upload-progress")).to_have_text("100% · done", timeout=60_000)
    assert gate.stored == Counter(range(1, PARTS + 1))  # the stopped upload was resumed


def test_cancel_leaves_nothing_in_storage(page: Page, platform, big_file):
    video_id, _ = start(page, platform, "canceller", big_file)
    assert platform.multipart_uploads(video_id)
    page.get_by_role("button", name="Cancel upload").click()
    expect(page.get_by_test_id("upload-progress")).to_have_text("Upload cancelled.")
    for _ in range(100):
        if not platform.multipart_uploads(video_id):
            break
        page.wait_for_timeout(100)
    assert platform.multipart_uploads(video_id) == []
    assert platform.stored_objects(video_id) == []
    expect(page.get_by_text("Choose a file", exact=True)).to_be_visible()


def test_the_header_tray_follows_an_upload_across_pages_and_leaving_asks_first(
    page: Page, platform, big_file
):
    video_id, gate = start(page, platform, "tray-watcher", big_file, upload_bytes_per_s=8_000_000)
    speed_and_time_left = re.compile(r"^\d+% · \d+\.\d MB/s · \d+ s left$")
    expect(page.get_by_test_id("upload-progress")).to_have_text(speed_and_time_left)
    assert page.evaluate(LEAVING) is True  # closing the tab now would stop the upload
    page.get_by_role("link", name="Studio", exact=True).first.click()  # the header's
    expect(page).to_have_url(re.compile(r"/studio/?$"))
    tray = page.get_by_test_id("upload-tray")
    expect(tray).to_contain_text("Uploading long-take.mp4")
    gate.release()
    expect(tray).to_contain_text("Uploaded long-take.mp4 · 100%", timeout=60_000)
    assert page.evaluate(LEAVING) is False
    tray.get_by_role("link").click()
    expect(page).to_have_url(re.compile(rf"/studio/{video_id}$"))
