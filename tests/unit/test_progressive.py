"""Progressive processing: a video is watchable (PLAYABLE) once its first rung exists, gains rungs
as they finish, and a failure after that keeps what was made and names what is missing."""

import pytest

from backend.domain.errors import Conflict
from backend.domain.media import ProcessedMedia
from backend.domain.models import Rendition
from backend.domain.statuses import VideoStatus, Visibility
from backend.services.videos import VideoService
from tests.unit.helpers import active_user

PLANNED = ["1080p", "720p", "480p"]


def media(*names: str) -> ProcessedMedia:
    rungs = [Rendition(n, 16 * int(n[:-1]) // 9, int(n[:-1]), 1000, 128) for n in names]
    return ProcessedMedia(
        duration_s=6.0,
        width=rungs[0].width,
        height=rungs[0].height,
        renditions=rungs,
        manifest_key="media/x/master.m3u8",
        poster_key="media/x/poster.jpg",
        planned=list(PLANNED),
    )


@pytest.fixture
def alice(svc):
    return active_user(svc, "alice")


@pytest.fixture
def processing_video(svc, alice):
    video = svc.videos.create(alice, title="Trip")
    ticket = svc.uploads.request_ticket(alice, video.video_id)
    svc.port("objects").objects[ticket.fields["key"]] = 10
    assert svc.uploads.object_received(ticket.fields["key"], 10)
    assert svc.processing.begin(video.video_id, ticket.upload_id, "job-1") is not None
    return video.video_id, ticket.upload_id


def test_first_rung_makes_the_video_playable_and_publishable(svc, alice, processing_video):
    video_id, upload_id = processing_video
    assert svc.processing.playable(video_id, upload_id, media("480p")) is not None
    video = svc.videos.get(alice, video_id)
    assert video.status is VideoStatus.PLAYABLE
    assert [r.name for r in video.renditions] == ["480p"]
    assert video.planned_renditions == PLANNED
    published = svc.videos.publish(alice, video_id)
    assert published.visibility is Visibility.PUBLIC and published.is_public
    assert "master.m3u8?" in svc.playback.grant(None, video_id).url
    assert [p.entry.video.video_id for p in svc.catalog.browse().items] == [video_id]


def test_more_rungs_keep_it_playable_then_ready_when_all_are_done(svc, alice, processing_video):
    video_id, upload_id = processing_video
    svc.processing.playable(video_id, upload_id, media("480p"))
    svc.videos.publish(alice, video_id)
    svc.processing.playable(video_id, upload_id, media("720p", "480p"))
    video = svc.videos.get(alice, video_id)
    assert video.status is VideoStatus.PLAYABLE and len(video.renditions) == 2
    assert svc.processing.complete(video_id, upload_id, media(*PLANNED)) is not None
    video = svc.videos.get(alice, video_id)
    assert video.status is VideoStatus.READY and len(video.renditions) == 3
    assert [p.entry.video.video_id for p in svc.catalog.browse().items] == [video_id]


def test_a_late_playable_event_never_takes_a_ready_video_back(svc, alice, processing_video):
    video_id, upload_id = processing_video
    svc.processing.complete(video_id, upload_id, media(*PLANNED))
    assert svc.processing.playable(video_id, upload_id, media("480p")) is None
    assert svc.videos.get(alice, video_id).status is VideoStatus.READY


def test_failure_after_first_playable_keeps_the_rungs_and_names_the_missing(
    svc, alice, processing_video
):
    video_id, upload_id = processing_video
    svc.processing.playable(video_id, upload_id, media("480p"))
    svc.videos.publish(alice, video_id)
    svc.processing.fail(video_id, upload_id, "The file is damaged or incomplete.")
    video = svc.videos.get(alice, video_id)
    assert video.status is VideoStatus.PLAYABLE
    assert [r.name for r in video.renditions] == ["480p"]
    assert video.missing_renditions == ["1080p", "720p"]
    assert video.failure_reason == "The file is damaged or incomplete."
    assert svc.playback.grant(None, video_id).url
    assert video.is_public


def test_a_retried_job_keeps_the_video_playable(svc, alice, processing_video):
    video_id, upload_id = processing_video
    svc.processing.playable(video_id, upload_id, media("480p"))
    svc.processing.fail(video_id, upload_id, "broken")
    again = svc.processing.begin(video_id, upload_id, "job-1")
    assert again is not None and again.status is VideoStatus.PLAYABLE
    video = svc.videos.get(alice, video_id)
    assert video.status is VideoStatus.PLAYABLE and video.failure_reason is None
    assert svc.processing.has_live_outputs(video_id, upload_id)


def test_failure_before_first_playable_is_failed(svc, alice, processing_video):
    video_id, upload_id = processing_video
    svc.processing.fail(video_id, upload_id, "broken")
    assert svc.videos.get(alice, video_id).status is VideoStatus.FAILED
    assert not svc.processing.has_live_outputs(video_id, upload_id)


def test_a_playable_video_whose_rest_failed_can_take_a_new_file(svc, alice, processing_video):
    video_id, upload_id = processing_video
    svc.processing.playable(video_id, upload_id, media("480p"))
    with pytest.raises(Conflict):  # still encoding: not yet
        svc.uploads.request_ticket(alice, video_id)
    svc.processing.fail(video_id, upload_id, "broken")
    ticket = svc.uploads.request_ticket(alice, video_id)
    assert svc.videos.get(alice, video_id).current_upload_id == ticket.upload_id


class BecomesReadyAfterRead:
    """The video repository, where the last rungs land between publish's read and its write."""

    def __init__(self, inner, video_id):
        self._inner, self._video_id, self.armed = inner, video_id, True

    def get(self, video_id):
        video = self._inner.get(video_id)
        if self.armed and video_id == self._video_id:
            self.armed = False
            self._inner.update(video_id, status=VideoStatus.READY)
        return video

    def __getattr__(self, name):
        return getattr(self._inner, name)


def test_publishing_while_the_last_rungs_land_publishes_the_ready_video(
    svc, alice, processing_video
):
    video_id, upload_id = processing_video
    svc.processing.playable(video_id, upload_id, media("480p"))
    racing = BecomesReadyAfterRead(svc.port("videos"), video_id)
    services = VideoService(
        videos=racing,
        uploads=svc.port("uploads"),
        users=svc.port("users"),
        objects=svc.port("objects"),
        jobs=svc.port("jobs"),
        clock=svc.port("clock"),
    )
    published = services.publish(alice, video_id)
    assert published.status is VideoStatus.READY and published.is_public
    assert not racing.armed
