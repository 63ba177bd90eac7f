from valvid_ui.linkify import Piece, pieces


def test_web_addresses_become_links_and_the_rest_stays_text():
    text = "See https://example.com/a?b=1, or (http://x.org). Not javascript:alert(1) nor ftp://f"
    assert pieces(text) == [
        Piece("See "), Piece("https://example.com/a?b=1", "https://example.com/a?b=1"),
        Piece(", or ("), Piece("http://x.org", "http://x.org"),
        Piece("). Not javascript:alert(1) nor ftp://f"),
    ]  # fmt: skip


def test_an_address_without_a_host_is_not_a_link():
    assert pieces("go to https:// now") == [Piece("go to https:// now")]
