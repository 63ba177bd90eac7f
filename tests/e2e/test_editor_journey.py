"""The editor never loses a creator's words (issue 16, items 1 and 2)."""

import re

from playwright.sync_api import Page, expect

from tests.e2e.journeys import log_in, sign_up_and_log_in
from tests.unit.helpers import PASSWORD
from valvid_ui.components.forms import ONE_ACTION_MS

# Every message from the server reaches the page 800 ms late, in order: a busy machine.
SLOW_SERVER_JS = """
const Native = window.WebSocket;
window.WebSocket = class extends Native {
  set onmessage(handler) {
    super.onmessage = (event) => setTimeout(() => handler.call(this, event), 800);
  }
  get onmessage() { return super.onmessage; }
};
"""


def test_typing_as_soon_as_the_editor_opens_is_kept_under_a_slow_load(page: Page, data_dir):
    sign_up_and_log_in(page, data_dir, "quicktyper")
    page.add_init_script(SLOW_SERVER_JS)
    page.goto("/studio")
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    title = page.get_by_label("Title")
    title.fill("Typed at once")  # no wait for the video's data: the form comes with it
    page.get_by_label("Description").fill("Not a word lost.")
    expect(page.get_by_role("heading", name="Untitled video")).to_be_visible()
    page.wait_for_timeout(2500)  # the slowed load's later messages have all arrived by now
    expect(title).to_have_value("Typed at once")
    expect(page.get_by_label("Description")).to_have_value("Not a word lost.")
    page.get_by_role("button", name="Save details").click()
    expect(page.get_by_role("heading", name="Typed at once")).to_be_visible()


def test_publish_saves_unsaved_changes_first(page: Page, platform, svc, tmp_path):
    video_id = platform.ready_video(platform.creator("hasty"), "Old title", "landscape", tmp_path)
    log_in(page, "hasty@example.com")
    page.goto(f"/studio/{video_id}")
    expect(page.get_by_label("Title")).to_have_value("Old title")
    page.get_by_label("Title").fill("Harbour lights")
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    owner = svc.tokens.principal(svc.auth.log_in(email="hasty@example.com", password=PASSWORD,
                                                 client="t").token.token)  # fmt: skip
    video = svc.videos.get(owner, video_id)
    assert video.is_public and video.title == "Harbour lights"
    expect(page.get_by_role("heading", name="Harbour lights")).to_be_visible()


def test_an_untitled_video_is_published_only_when_confirmed(page: Page, platform, svc, tmp_path):
    owner = platform.creator("nameless")
    video_id = platform.ready_video(owner, "Untitled video", "landscape", tmp_path)
    log_in(page, "nameless@example.com")
    page.goto(f"/studio/{video_id}")
    publish = page.get_by_role("button", name="Publish")
    dialog = page.get_by_role("alertdialog")
    publish.click()
    expect(dialog).to_contain_text("Untitled video")
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    page.wait_for_timeout(ONE_ACTION_MS)  # a click within this window counts as the same one
    publish.click()
    dialog.get_by_role("button", name="Keep it private").click()
    expect(dialog).to_be_hidden()
    assert not svc.videos.get(owner, video_id).is_public
    page.wait_for_timeout(ONE_ACTION_MS)
    publish.click()
    page.get_by_role("button", name="Publish anyway").click()
    expect(page.get_by_text("Published.")).to_be_visible()
    assert svc.videos.get(owner, video_id).is_public


def answered_until(page: Page, condition) -> None:
    """Waits in Playwright (so dialog handlers run) until condition holds, for up to 10 s."""
    for _ in range(100):
        if condition():
            return
        page.wait_for_timeout(100)
    raise AssertionError("no dialog came")


def test_leaving_with_unsaved_changes_asks_first(page: Page, data_dir):
    sign_up_and_log_in(page, data_dir, "wanderer")
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    editor_url = page.url
    page.get_by_label("Title").fill("Half-typed")
    asked: list[str] = []

    def answer(accept: bool):
        def handle(dialog):
            asked.append(dialog.type)
            dialog.accept() if accept else dialog.dismiss()

        return handle

    page.once("dialog", answer(False))
    page.get_by_role("link", name="Studio").first.click()  # in-app navigation
    answered_until(page, lambda: asked == ["confirm"])
    expect(page.get_by_label("Title")).to_have_value("Half-typed")
    assert page.url == editor_url

    page.once("dialog", answer(False))
    page.evaluate("history.back()")  # the browser's back button
    answered_until(page, lambda: asked == ["confirm", "confirm"])
    expect(page.get_by_label("Title")).to_have_value("Half-typed")
    expect(page).to_have_url(editor_url)

    page.once("dialog", answer(True))
    page.get_by_role("link", name="Studio").first.click()
    expect(page).to_have_url(re.compile(r"/studio/?$"))
    assert asked == ["confirm"] * 3


def test_closing_the_tab_with_unsaved_changes_asks_first(page: Page, data_dir):
    sign_up_and_log_in(page, data_dir, "closer")
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    page.get_by_label("Title").fill("Unsaved")
    page.get_by_label("Title").click()  # the page has had a user gesture, as a real one would
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.close(run_before_unload=True)
    answered_until(page, lambda: asked == ["beforeunload"])


def test_deleting_a_video_with_unsaved_changes_does_not_ask_to_keep_them(page: Page, data_dir):
    sign_up_and_log_in(page, data_dir, "tidier")
    page.get_by_role("button", name="New video").click()
    page.wait_for_url("**/studio/vid_*")
    page.get_by_label("Title").fill("Never mind")
    asked: list[str] = []
    page.on("dialog", lambda d: (asked.append(d.type), d.dismiss()))
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Delete forever").click()
    expect(page).to_have_url(re.compile(r"/studio/?$"))
    expect(page.get_by_text("No videos yet.", exact=False)).to_be_visible()
    assert asked == []
