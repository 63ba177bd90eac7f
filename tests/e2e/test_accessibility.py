"""Accessibility in the browser (issue 16, item 15): axe-core finds no serious or critical
violation on any page in either colour scheme; every page has one h1, the header, nav and main
landmarks and a skip link; the player has a name and keyboard shortcuts; statuses are announced;
the colour scheme can be chosen beside the system's."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.clips import make
from tests.e2e.journeys import new_video, sign_up_and_log_in

DESKTOP = {"width": 1280, "height": 800}
SEVERE = {"serious", "critical"}


def severe_violations(page: Page) -> list[str]:
    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in SEVERE
    ]


def check_page(page: Page, path: str) -> list[str]:
    """What is wrong with the page at path, as a list of findings (empty: nothing)."""
    page.goto(path)
    expect(page.locator("main h1")).to_have_count(1)
    expect(page.locator("main h1")).not_to_be_empty()
    # axe reads colours as they are painted: wait until no transition is under way
    page.wait_for_function("document.getAnimations().every(a => a.playState !== 'running')")
    findings = [f"{path}: {v}" for v in severe_violations(page)]
    if page.locator("h1").count() != 1:
        findings.append(f"{path}: {page.locator('h1').count()} h1 elements")
    for landmark in ("banner", "navigation", "main"):
        if page.get_by_role(landmark).count() < 1:
            findings.append(f"{path}: no {landmark} landmark")
    return findings


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_every_page_passes_axe_in_both_colour_schemes(browser: Browser, base_url, data_dir,
                                                      published_video, scheme):  # fmt: skip
    visitor = browser.new_context(base_url=base_url, viewport=DESKTOP, color_scheme=scheme)
    page = visitor.new_page()
    findings: list[str] = []
    for path in ("/", "/?q=sunset", f"/watch/{published_video.video_id}", "/c/seeder",
                 "/login", "/signup", "/confirm?email=someone%40example.com"):  # fmt: skip
        findings += check_page(page, path)
    assert page.evaluate("document.documentElement.classList.contains('dark')") == (
        scheme == "dark"
    )
    visitor.close()

    creator = browser.new_context(base_url=base_url, viewport=DESKTOP, color_scheme=scheme)
    page = creator.new_page()
    sign_up_and_log_in(page, data_dir, f"axe{scheme}")
    video_id = new_video(page, "Checked by axe")
    for path in ("/studio", f"/studio/{video_id}"):
        findings += check_page(page, path)
    creator.close()
    assert findings == [], "\n".join(findings)


def test_a_skip_link_leads_to_the_main_content(page: Page, published_video):
    page.goto("/")
    expect(page.get_by_test_id("video-card").first).to_be_visible()
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"


def test_the_colour_scheme_menu_sits_beside_the_system_setting(browser: Browser, base_url):
    context = browser.new_context(base_url=base_url, viewport=DESKTOP, color_scheme="light")
    page = context.new_page()
    page.goto("/")
    dark = "document.documentElement.classList.contains('dark')"
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate(dark) is False
    page.get_by_role("button", name="Colour scheme").click()
    page.get_by_role("menuitem", name="Dark").click()
    page.wait_for_function(dark)
    page.reload()  # the choice is kept
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert page.evaluate(dark) is True
    page.get_by_role("button", name="Colour scheme").click()
    page.get_by_role("menuitem", name="As the system").click()
    page.wait_for_function(f"!{dark}")
    context.close()


def test_the_player_has_a_name_and_keyboard_shortcuts(page: Page, published_video):
    page.goto(f"/watch/{published_video.video_id}")
    video = page.locator("#player")
    expect(video).to_have_attribute("aria-label", published_video.title)
    page.wait_for_function("Number(document.getElementById('player')?.dataset.renditions) >= 1")
    page.get_by_role("heading", level=1).click()  # the page has focus, not a control

    page.keyboard.press("m")
    assert video.evaluate("v => v.muted") is True
    page.keyboard.press("k")
    page.wait_for_function("!document.getElementById('player').paused")
    page.keyboard.press("Space")
    page.wait_for_function("document.getElementById('player').paused")
    page.keyboard.press("l")  # +10 s: the 3 s clip's end
    page.wait_for_function("v => v.currentTime >= v.duration - 0.1", arg=video.element_handle())
    page.keyboard.press("j")  # -10 s: its start
    page.wait_for_function("v => v.currentTime <= 0.1", arg=video.element_handle())
    page.keyboard.press("ArrowRight")
    page.wait_for_function("v => v.currentTime >= 2.9", arg=video.element_handle())
    page.keyboard.press("ArrowLeft")
    page.wait_for_function("v => v.currentTime <= 0.1", arg=video.element_handle())
    video.evaluate("v => { v.volume = 0.5; }")
    page.keyboard.press("ArrowDown")
    assert video.evaluate("v => Math.round(v.volume * 10)") == 4
    scrolled = page.evaluate("window.scrollY")
    page.keyboard.press("ArrowUp")
    assert video.evaluate("v => Math.round(v.volume * 10)") == 5
    assert page.evaluate("window.scrollY") == scrolled  # the key did not scroll the page
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement?.id === 'player'")
    page.keyboard.press("f")
    page.wait_for_function("document.fullscreenElement === null")

    # typing never triggers a shortcut
    page.evaluate(
        "() => { const i = document.createElement('input'); i.id = 'typing';"
        " i.setAttribute('aria-label', 'typing'); document.querySelector('main').prepend(i); }"
    )
    before = video.evaluate("v => [v.paused, v.muted, v.currentTime]")
    page.get_by_label("typing").press_sequentially("mk l")
    expect(page.get_by_label("typing")).to_have_value("mk l")
    assert video.evaluate("v => [v.paused, v.muted, v.currentTime]") == before


RECORD_PROGRESS_BARS = """() => {
  window.__bars = [];
  const note = (e) => window.__bars.push({
    name: e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") || "",
    value: e.getAttribute("aria-valuenow"),
  });
  document.querySelectorAll("[role=progressbar]").forEach(note);
  new MutationObserver((changes) => changes.forEach((c) => {
    const nodes = c.type === "attributes" ? [c.target] : [...c.addedNodes];
    nodes.filter((n) => n.nodeType === 1).forEach((n) => {
      if (n.matches("[role=progressbar]")) note(n);
      n.querySelectorAll("[role=progressbar]").forEach(note);
    });
  })).observe(document.body, {subtree: true, childList: true, attributes: true,
                              attributeFilter: ["aria-valuenow"]});
}"""


def test_creators_hear_status_changes_and_see_labelled_upload_progress(page: Page, data_dir,
                                                                       tmp_path):  # fmt: skip
    sign_up_and_log_in(page, data_dir, "listener")
    new_video(page, "Status aloud")
    status = page.get_by_role("status").filter(has_text=re.compile("Draft|Waiting"))
    expect(status).to_have_count(1)
    expect(status).to_have_attribute("aria-live", "polite")
    page.evaluate(RECORD_PROGRESS_BARS)
    page.locator("#file-input").set_input_files(str(make("landscape", tmp_path / "clip.mp4")))
    announced = page.get_by_role("status").filter(has_text="Ready")
    expect(announced).to_have_count(1, timeout=120_000)  # Processing → Ready, in a live region
    bars = page.evaluate("window.__bars")
    assert bars, "an upload shows a progress bar"
    assert all(b["name"] and b["value"] is not None for b in bars), bars
    assert any(b["value"] not in ("0", None) for b in bars), bars
