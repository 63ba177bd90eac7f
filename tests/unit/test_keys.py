"""Storage keys: which objects belong to which upload, decided in one place."""

from backend.domain import keys


def test_an_upload_key_with_its_extension_still_names_its_video_and_upload():
    assert keys.parse_upload_key("uploads/vid_1/upl_1.mp4") == ("vid_1", "upl_1")
    assert keys.parse_upload_key("uploads/vid_1/upl_1") == ("vid_1", "upl_1")
    assert keys.parse_upload_key("uploads/vid_1/.mp4") is None


def test_a_replaced_upload_s_outputs_are_its_folder_only():
    new = "media/v/upl_new/index.m3u8"
    assert keys.replaced_outputs("v", "media/v/upl_old/index.m3u8", new) == ["media/v/upl_old/"]
    assert keys.replaced_outputs("v", new, new) == []  # a duplicate completion deletes nothing
    assert keys.replaced_outputs("v", None, new) == []


def test_outputs_written_before_per_upload_folders_are_found_by_name():
    legacy = "media/v/upl_old.m3u8"  # beside each other, one shared poster name
    assert keys.replaced_outputs("v", legacy, "media/v/upl_new/index.m3u8") == [
        "media/v/upl_old",
        "media/v/poster",
    ]
    # local mode's layout is never touched by aws mode's clean-up
    assert keys.replaced_outputs("v", "media/v/master.m3u8", "media/v/u/index.m3u8") == []
