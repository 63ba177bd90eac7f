"""Lambda handlers fed with recorded event shapes: every record, duplicates, out-of-order and
unknown events, and per-message failures."""

from datetime import timedelta

import httpx
import pytest

from backend.bootstrap import build_services
from backend.domain.statuses import VideoStatus
from backend.entrypoints import lambdas
from backend.services.uploads import human_bytes
from tests.aws import events
from tests.aws.call_recorder import MEDIACONVERT
from tests.clips import make
from tests.fakes.submitter import FakeSubmitter
from tests.unit.helpers import PASSWORD


@pytest.fixture
def creator(aws_platform):
    svc, _ = aws_platform
    svc.auth.sign_up(email="cara@example.com", username="cara", password=PASSWORD)
    svc.auth.confirm(email="cara@example.com", code="123456")  # moto accepts any code
    token = svc.auth.log_in(email="cara@example.com", password=PASSWORD, client="t").token.token
    return svc.tokens.principal(token)


def uploaded(svc, creator, tmp_path, kind="landscape", title="Clip", video=None):
    """A video whose file went to S3 through its presigned POST, as a browser sends it."""
    video = video or svc.videos.create(creator, title=title)
    ticket = svc.uploads.request_ticket(creator, video.video_id)
    with open(make(kind, tmp_path / f"{video.video_id}.mp4"), "rb") as f:
        response = httpx.post(ticket.url, data=ticket.fields, files={"file": ("c.mp4", f)})
    assert response.status_code in (201, 204), response.text
    size = svc.port("objects").size_of(ticket.fields["key"])
    return video, ticket.fields["key"], ticket.upload_id, size


def test_object_created_submits_one_job_even_when_delivered_twice(aws_platform, creator, tmp_path):
    svc, submitter = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    event = events.object_created(svc.settings.raw_bucket, key, size)
    assert lambdas.s3_object_created(events.sqs(event)) == {"batchItemFailures": []}
    assert lambdas.s3_object_created(events.sqs(event)) == {"batchItemFailures": []}
    assert [j["upload_id"] for j in submitter.submitted] == [upload_id]
    job = submitter.submitted[0]
    assert (job["source"].width, job["source"].height) == (1280, 720)  # probed in S3
    assert job["output_prefix"] == f"media/{video.video_id}/{upload_id}/"
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.PROCESSING


def test_a_redelivered_event_starts_a_job_whose_first_start_failed(aws_platform, creator, tmp_path):
    svc, submitter = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    event = events.object_created(svc.settings.raw_bucket, key, size)
    submitter.simulate_failure(RuntimeError("TooManyRequestsException"))
    first = events.sqs(event)
    assert lambdas.s3_object_created(first) == {
        "batchItemFailures": [{"itemIdentifier": first["Records"][0]["messageId"]}]
    }
    assert submitter.submitted == []
    assert lambdas.s3_object_created(events.sqs(event)) == {"batchItemFailures": []}  # SQS retry
    assert [j["upload_id"] for j in submitter.submitted] == [upload_id]
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.PROCESSING
    lambdas.s3_object_created(events.sqs(event))  # once submitted, a duplicate starts nothing
    assert len(submitter.submitted) == 1


def test_every_record_is_handled_and_failures_are_reported_per_message(
    aws_platform, creator, tmp_path
):
    svc, submitter = aws_platform
    first = uploaded(svc, creator, tmp_path, title="one")
    second = uploaded(svc, creator, tmp_path, title="two")
    unknown = events.object_created(svc.settings.raw_bucket, "elsewhere/some%20file.mp4", 3)
    batch = events.sqs(
        events.object_created(svc.settings.raw_bucket, first[1], first[3]),
        "{not json",
        unknown,
        events.object_created(svc.settings.raw_bucket, second[1], second[3]),
    )
    result = lambdas.s3_object_created(batch)
    assert result == {"batchItemFailures": [{"itemIdentifier": batch["Records"][1]["messageId"]}]}
    assert sorted(j["upload_id"] for j in submitter.submitted) == sorted([first[2], second[2]])


def test_a_non_video_fails_with_a_reason_and_submits_nothing(aws_platform, creator, tmp_path):
    svc, submitter = aws_platform
    video, key, _, size = uploaded(svc, creator, tmp_path, kind="text")
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    failed = svc.videos.get(creator, video.video_id)
    assert failed.status is VideoStatus.FAILED
    assert failed.failure_reason == "This file is not a video we can read."
    assert submitter.submitted == []


def test_a_replaced_source_is_deleted_from_s3(aws_platform, creator, tmp_path):
    svc, _ = aws_platform
    video, old_key, old_upload, old_size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(
        events.sqs(events.object_created(svc.settings.raw_bucket, old_key, old_size))
    )
    svc.processing.fail(video.video_id, old_upload, "unplayable")
    _, new_key, _, new_size = uploaded(svc, creator, tmp_path, kind="portrait", video=video)
    lambdas.s3_object_created(
        events.sqs(events.object_created(svc.settings.raw_bucket, new_key, new_size))
    )
    assert svc.port("objects").size_of(old_key) is None
    assert svc.port("objects").size_of(new_key) == new_size
    assert svc.port("users").get(creator.user_id).storage_bytes == new_size


def test_an_upload_over_the_quota_is_deleted_and_not_retried(
    aws_settings, aws_http, monkeypatch, tmp_path
):
    clip = make("landscape", tmp_path / "clip.mp4")
    quota = clip.stat().st_size * 3 // 2  # room for one clip, not two
    settings = aws_settings.model_copy(update={"storage_quota_bytes": quota})
    svc = build_services(settings, clients=aws_http, submitter=FakeSubmitter())
    monkeypatch.setattr(lambdas, "services", lambda: svc)
    svc.auth.sign_up(email="quo@example.com", username="quo", password=PASSWORD)
    svc.auth.confirm(email="quo@example.com", code="123456")
    token = svc.auth.log_in(email="quo@example.com", password=PASSWORD, client="t").token.token
    creator = svc.tokens.principal(token)
    first, second = (svc.videos.create(creator, title=t) for t in ("one", "two"))
    tickets = [svc.uploads.request_ticket(creator, v.video_id) for v in (first, second)]
    for ticket in tickets:  # both tickets were granted the whole quota
        with open(clip, "rb") as f:
            httpx.post(ticket.url, data=ticket.fields, files={"file": ("c.mp4", f)})
        event = events.object_created(svc.settings.raw_bucket, ticket.fields["key"], 0)
        assert lambdas.s3_object_created(events.sqs(event)) == {"batchItemFailures": []}
    assert svc.port("objects").size_of(tickets[1].fields["key"]) is None
    refused = svc.videos.get(creator, second.video_id)
    assert refused.status is VideoStatus.FAILED
    assert f"storage quota of {human_bytes(quota)}" in refused.failure_reason
    assert svc.port("users").get(creator.user_id).storage_bytes == clip.stat().st_size


def test_job_events_in_any_order_leave_the_right_state(aws_platform, creator, tmp_path):
    svc, _ = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    vid = video.video_id
    lambdas.mediaconvert_state_change(events.sqs(events.progress(vid, upload_id, 40)))
    assert svc.videos.get(creator, vid).progress == 40
    lambdas.mediaconvert_state_change(events.sqs(events.progress(vid, upload_id, 20)))
    assert svc.videos.get(creator, vid).progress == 40  # late progress never goes backwards
    done = events.complete(vid, upload_id, svc.settings.media_bucket)
    lambdas.mediaconvert_state_change(events.sqs(done, done))  # duplicated
    lambdas.mediaconvert_state_change(events.sqs(events.progress(vid, upload_id, 90)))
    lambdas.mediaconvert_state_change(events.sqs(events.error(vid, upload_id)))  # out of order
    ready = svc.videos.get(creator, vid)
    assert ready.status is VideoStatus.READY and ready.progress == 100
    assert [r.name for r in ready.renditions] == ["720p", "480p", "360p", "240p"]
    assert ready.manifest_key == f"media/{vid}/{upload_id}/index.m3u8"  # not the DASH one
    assert ready.poster_key == f"media/{vid}/{upload_id}/poster.0000001.jpg"
    assert ready.duration_s == 3.0


def test_a_re_upload_gets_new_output_names_and_the_old_outputs_go(
    aws_platform, iam_recorder, creator, tmp_path
):
    svc, _ = aws_platform
    s3, media = svc.port("clients").client("s3"), svc.settings.media_bucket

    def process(video=None):
        video, key, upload_id, size = uploaded(svc, creator, tmp_path, video=video)
        created = events.object_created(svc.settings.raw_bucket, key, size)
        lambdas.s3_object_created(events.sqs(created))
        with iam_recorder.within(MEDIACONVERT):  # the outputs a job writes
            for name in ("index.m3u8", "index_720p.m3u8", "poster.0000001.jpg"):
                key = f"media/{video.video_id}/{upload_id}/{name}"
                s3.put_object(Bucket=media, Key=key, Body=b"x")
        done = events.complete(video.video_id, upload_id, media)
        lambdas.mediaconvert_state_change(events.sqs(done))
        return svc.videos.get(creator, video.video_id)

    first = process()
    second = process(first)
    assert second.status is VideoStatus.READY
    assert second.poster_key != first.poster_key  # CloudFront cannot serve a stale poster
    listed = s3.list_objects_v2(Bucket=media, Prefix=f"media/{first.video_id}/")
    assert sorted(o["Key"] for o in listed["Contents"]) == sorted(
        f"media/{first.video_id}/{second.current_upload_id}/{name}"
        for name in ("index.m3u8", "index_720p.m3u8", "poster.0000001.jpg")
    )


def test_error_and_events_from_other_jobs(aws_platform, creator, tmp_path):
    svc, _ = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    stale = events.complete(video.video_id, "upl_superseded", svc.settings.media_bucket)
    foreign = events.job_state("COMPLETE", "", "")
    foreign["detail"]["userMetadata"] = {}
    assert lambdas.mediaconvert_state_change(events.sqs(stale, foreign)) == {
        "batchItemFailures": []
    }
    assert svc.videos.get(creator, video.video_id).status is VideoStatus.PROCESSING
    lambdas.mediaconvert_state_change(events.sqs(events.error(video.video_id, upload_id)))
    failed = svc.videos.get(creator, video.video_id)
    assert failed.status is VideoStatus.FAILED
    assert failed.failure_reason == "The file could not be processed (code 1030)."


def test_cancelled_job_fails_the_video_with_a_reason(aws_platform, creator, tmp_path):
    svc, _ = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    lambdas.mediaconvert_state_change(
        events.sqs(events.job_state("CANCELED", video.video_id, upload_id))
    )
    failed = svc.videos.get(creator, video.video_id)
    assert failed.status is VideoStatus.FAILED and "cancelled" in failed.failure_reason


def test_sweeper_settles_quiet_jobs(aws_platform, iam_recorder, creator, tmp_path):
    svc, submitter = aws_platform
    video, key, upload_id, size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    assert lambdas.sweep_jobs({}) == {"settled": 0}  # it just started: not quiet yet
    with iam_recorder.within("sweep_jobs"):
        settled = svc.managed.sweep(quiet_for=timedelta(seconds=-1))  # everything is quiet
    assert settled == 1 and submitter.cancelled == [submitter.submitted[0]["job_id"]]
    failed = svc.videos.get(creator, video.video_id)
    assert failed.status is VideoStatus.FAILED and "took too long" in failed.failure_reason


def test_one_bad_job_does_not_stop_the_sweep_and_attempts_are_capped(
    aws_platform, iam_recorder, creator, tmp_path
):
    svc, submitter = aws_platform
    jammed, fine = (uploaded(svc, creator, tmp_path, title=t) for t in ("jammed", "fine"))
    for _, key, _, size in (jammed, fine):
        event = events.object_created(svc.settings.raw_bucket, key, size)
        lambdas.s3_object_created(events.sqs(event))
    by_upload = {j["upload_id"]: j["job_id"] for j in submitter.submitted}
    submitter.statuses[by_upload[fine[2]]] = "COMPLETE"  # its event was lost; no result either

    def broken_status(job_id):
        if job_id == by_upload[jammed[2]]:
            raise RuntimeError("GetJob keeps failing for this job")
        return submitter.statuses[job_id]

    submitter.status = broken_status
    quiet = timedelta(seconds=-1)
    with iam_recorder.within("sweep_jobs"):
        assert svc.managed.sweep(quiet_for=quiet) == 1  # the other job was still settled
    assert svc.videos.get(creator, fine[0].video_id).status is VideoStatus.FAILED
    assert svc.videos.get(creator, jammed[0].video_id).status is VideoStatus.PROCESSING
    with iam_recorder.within("sweep_jobs"):
        for _ in range(svc.settings.job_max_attempts):
            svc.managed.sweep(quiet_for=quiet)
    given_up = svc.videos.get(creator, jammed[0].video_id)
    assert given_up.status is VideoStatus.FAILED
    assert (
        given_up.failure_reason == "Processing could not be finished; please upload the file again."
    )
    with iam_recorder.within("sweep_jobs"):
        assert svc.managed.sweep(quiet_for=quiet) == 0  # closed: never swept again


def test_deleting_a_video_mid_transcode_cancels_its_job(aws_platform, creator, tmp_path):
    svc, submitter = aws_platform
    video, key, _, size = uploaded(svc, creator, tmp_path)
    lambdas.s3_object_created(events.sqs(events.object_created(svc.settings.raw_bucket, key, size)))
    svc.videos.delete(creator, video.video_id)
    assert submitter.cancelled == [submitter.submitted[0]["job_id"]]
    assert svc.port("objects").size_of(key) is None


def test_scheduled_key_rotation(aws_platform):
    svc, _ = aws_platform
    first = lambdas.rotate_signing_keys({})["kid"]
    second = lambdas.rotate_signing_keys({})["kid"]
    kept = [k.kid for k in svc.port("signing_keys").all()]
    assert first != second and kept[0] == second and first in kept


def test_an_over_limit_source_is_refused_before_anything_is_submitted(
    aws_settings, aws_http, monkeypatch, tmp_path
):
    submitter = FakeSubmitter()
    limited = aws_settings.model_copy(update={"max_width": 640, "max_height": 360})
    svc = build_services(limited, clients=aws_http, submitter=submitter)
    monkeypatch.setattr(lambdas, "services", lambda: svc)
    svc.auth.sign_up(email="lim@example.com", username="lim", password=PASSWORD)
    svc.auth.confirm(email="lim@example.com", code="123456")
    token = svc.auth.log_in(email="lim@example.com", password=PASSWORD, client="t").token.token
    owner = svc.tokens.principal(token)
    video, key, _, size = uploaded(svc, owner, tmp_path, kind="landscape")
    lambdas.s3_object_created(events.sqs(events.object_created(limited.raw_bucket, key, size)))
    failed = svc.videos.get(owner, video.video_id)
    assert failed.status is VideoStatus.FAILED
    assert failed.failure_reason == "The video is too large: at most 640x360 pixels are allowed."
    assert submitter.submitted == []
