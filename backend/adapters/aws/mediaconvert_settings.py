"""MediaConvert CreateJob requests derived from backend/ladder.py (the same rungs, GOP, segments).

CMAF output group: fMP4 segments with an HLS manifest; video renditions per rung plus one AAC-LC
stereo rendition (CMAF keeps audio separate), and a frame capture for the poster.
"""

from typing import Any

from backend.adapters.aws.mediaconvert_outputs import (
    FIRST,
    MANIFEST_BASE,
    POSTER_BASE,
    POSTER_CAPTURES,
    JobOutputs,
    poster_interval_s,
)
from backend.domain.media import SourceInfo
from backend.ladder import (
    AUDIO_SAMPLE_RATE,
    GOP_S,
    LADDER,
    SEGMENT_S,
    RenditionPlan,
    plan,
)

AUDIO_SELECTOR = "Audio Selector 1"
# PREFERRED: accelerated when the job qualifies (long enough, supported settings), else normal
ACCELERATION_MODES = ("PREFERRED", "ENABLED", "DISABLED")
# VBR: the ladder's average bit rates; QVBR: a quality level under the ladder's maximum rates
RATE_CONTROL_MODES = ("VBR", "QVBR")
QVBR_QUALITY = 7  # MediaConvert's recommendation for 1080p and below on most screens
FIRST_JOB_PRIORITY = 10  # ahead of full ladders (priority 0) waiting in the same queue


def h264_level(p: RenditionPlan) -> str:
    major, minor = divmod(p.h264_level, 10)
    return f"LEVEL_{major}" + (f"_{minor}" if minor else "")


def video_output(p: RenditionPlan, *, deinterlace: bool, rate_control: str) -> dict[str, Any]:
    output: dict[str, Any] = {
        "NameModifier": f"_{p.name}",
        "ContainerSettings": {"Container": "CMFC"},
        "VideoDescription": {
            "Width": p.width,
            "Height": p.height,
            "ScalingBehavior": "DEFAULT",
            "CodecSettings": {
                "Codec": "H_264",
                "H264Settings": {
                    "CodecProfile": "HIGH",
                    "CodecLevel": h264_level(p),
                    **_rate(p, rate_control),
                    "HrdBufferSize": p.bufsize_kbps * 1000,
                    "GopSize": float(GOP_S),
                    "GopSizeUnits": "SECONDS",
                    "GopClosedCadence": 1,
                    "SceneChangeDetect": "DISABLED",
                    "InterlaceMode": "PROGRESSIVE",
                    "FramerateControl": "SPECIFIED",
                    "FramerateConversionAlgorithm": "DUPLICATE_DROP",
                    "FramerateNumerator": p.frame_rate.numerator,
                    "FramerateDenominator": p.frame_rate.denominator,
                    "ParControl": "SPECIFIED",
                    "ParNumerator": 1,
                    "ParDenominator": 1,
                },
            },
        },
    }
    if deinterlace:
        output["VideoDescription"]["VideoPreprocessors"] = {
            "Deinterlacer": {"Mode": "DEINTERLACE", "Algorithm": "INTERPOLATE"}
        }
    return output


def _rate(p: RenditionPlan, mode: str) -> dict[str, Any]:
    if mode == "QVBR":
        return {
            "RateControlMode": "QVBR",
            "QvbrSettings": {"QvbrQualityLevel": QVBR_QUALITY},
            "MaxBitrate": p.maxrate_kbps * 1000,
        }
    return {
        "RateControlMode": "VBR",
        "Bitrate": p.video_kbps * 1000,
        "MaxBitrate": p.maxrate_kbps * 1000,
    }


def audio_output(kbps: int) -> dict[str, Any]:
    return {
        "NameModifier": "_audio",
        "ContainerSettings": {"Container": "CMFC"},
        "AudioDescriptions": [
            {
                "AudioSourceName": AUDIO_SELECTOR,
                "CodecSettings": {
                    "Codec": "AAC",
                    "AacSettings": {
                        "CodecProfile": "LC",
                        "CodingMode": "CODING_MODE_2_0",
                        "Bitrate": kbps * 1000,
                        "SampleRate": AUDIO_SAMPLE_RATE,
                    },
                },
            }
        ],
    }


def poster_output(p: RenditionPlan, duration_s: float) -> dict[str, Any]:
    # One capture a third of the way in, like local mode's poster.
    return {
        "ContainerSettings": {"Container": "RAW"},
        "VideoDescription": {
            "Width": p.width,
            "Height": p.height,
            "CodecSettings": {
                "Codec": "FRAME_CAPTURE",
                "FrameCaptureSettings": {
                    "FramerateNumerator": 1,
                    "FramerateDenominator": poster_interval_s(duration_s),
                    "MaxCaptures": POSTER_CAPTURES,
                    "Quality": 80,
                },
            },
        },
    }


def create_job_request(
    *,
    source: SourceInfo,
    input_uri: str,
    media_bucket: str,
    outputs: JobOutputs,
    role_arn: str,
    queue_arn: str,
    max_duration_s: int,
    acceleration: str = "PREFERRED",
    rate_control: str = "VBR",
) -> dict[str, Any]:
    if acceleration not in ACCELERATION_MODES or rate_control not in RATE_CONTROL_MODES:
        raise ValueError(f"unknown MediaConvert mode: {acceleration}, {rate_control}")
    ladder = plan(source)  # frame rate, sizes and bit rates exactly as in local mode
    first = outputs.phase == FIRST
    plans = ladder[-1:] if first else ladder  # the fast first job: the lowest rung alone
    renditions = [
        video_output(p, deinterlace=source.interlaced, rate_control=rate_control) for p in plans
    ]
    if source.has_audio:
        renditions.append(audio_output(LADDER[0].audio_kbps))
    job_input: dict[str, Any] = {
        "FileInput": input_uri,
        "TimecodeSource": "ZEROBASED",
        "VideoSelector": {"Rotate": "AUTO"},
        # Never past the duration limit, whatever the source's header said.
        "InputClippings": [
            {"StartTimecode": "00:00:00:00", "EndTimecode": _timecode(max_duration_s)}
        ],
    }
    if source.has_audio:
        job_input["AudioSelectors"] = {AUDIO_SELECTOR: {"DefaultSelection": "DEFAULT"}}
    return {
        "Role": role_arn,
        "Queue": queue_arn,
        # A CreateJob repeated within a minute (botocore's retry of a call that timed out but
        # went through, a quick redelivery) returns the first job instead of a second one.
        "ClientRequestToken": f"{outputs.upload_id}-{FIRST}" if first else outputs.upload_id,
        "UserMetadata": {
            "video_id": outputs.video_id,
            "upload_id": outputs.upload_id,
            "manifest_key": outputs.manifest_key,
            "poster_key": outputs.poster_key,
            "phase": outputs.phase,
            "planned": ",".join(p.name for p in ladder),
        },
        "Priority": FIRST_JOB_PRIORITY if first else 0,
        "StatusUpdateInterval": "SECONDS_10",
        "AccelerationSettings": {"Mode": acceleration},
        "Settings": {
            "TimecodeConfig": {"Source": "ZEROBASED"},
            "Inputs": [job_input],
            "OutputGroups": [
                {
                    "Name": "HLS (CMAF)",
                    "OutputGroupSettings": {
                        "Type": "CMAF_GROUP_SETTINGS",
                        "CmafGroupSettings": {
                            "Destination": outputs.destination(media_bucket, MANIFEST_BASE),
                            "SegmentLength": SEGMENT_S,
                            "FragmentLength": GOP_S,
                            "SegmentControl": "SEGMENTED_FILES",
                            "WriteHlsManifest": "ENABLED",
                            "WriteDashManifest": "DISABLED",
                            "ManifestDurationFormat": "FLOATING_POINT",
                            "CodecSpecification": "RFC_6381",
                            "StreamInfResolution": "INCLUDE",
                        },
                    },
                    "Outputs": renditions,
                },
                {
                    "Name": "Poster",
                    "OutputGroupSettings": {
                        "Type": "FILE_GROUP_SETTINGS",
                        "FileGroupSettings": {
                            "Destination": outputs.destination(media_bucket, POSTER_BASE)
                        },
                    },
                    "Outputs": [poster_output(ladder[0], source.duration_s)],
                },
            ],
        },
    }


def _timecode(seconds: int) -> str:
    """HH:MM:SS:FF from the start of a ZEROBASED input."""
    return f"{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}:00"
