"""ffmpeg command lines derived from the ladder: one process decodes once and encodes every rung."""

import math
from pathlib import Path

from backend.adapters.media_probe import FORMAT_WHITELIST, LOCAL_PROTOCOLS
from backend.domain.media import MediaLimits, SourceInfo
from backend.ladder import AUDIO_SAMPLE_RATE, GOP_S, SEGMENT_S, RenditionPlan, output_frame_rate
from backend.passthrough import MAX_GOP_S

X264_PRESET = "veryfast"
STRIDE_SLACK = 64  # decoders check the pixel cap against the width rounded up to their stride


def safe_input(source_path: Path) -> list[str]:
    """Read the source as one local media file: no playlists, no other protocols."""
    whitelists = ["-protocol_whitelist", LOCAL_PROTOCOLS, "-format_whitelist", FORMAT_WHITELIST]
    return [*whitelists, "-i", str(source_path)]


def decoder_pixel_cap(limits: MediaLimits) -> int:
    """Most pixels a decoded frame may have: a stream cannot grow past the limits mid-way."""
    long = max(limits.max_width, limits.max_height) + STRIDE_SLACK
    return long * min(limits.max_width, limits.max_height)


def video_filters(source: SourceInfo, plans: list[RenditionPlan]) -> str:
    """Deinterlace if needed, constant frame rate, 8-bit 4:2:0, then one scaled branch per rung."""
    rate = output_frame_rate(source)
    steps = ["yadif=mode=send_frame"] if source.interlaced else []
    steps += [f"fps={rate.numerator}/{rate.denominator}", "format=yuv420p"]
    labels = "".join(f"[s{i}]" for i in range(len(plans)))
    graph = [f"[0:v:0]{','.join(steps)},split={len(plans)}{labels}"]
    for i, p in enumerate(plans):
        graph.append(f"[s{i}]scale={p.width}:{p.height}:flags=bicubic,setsar=1[v{i}]")
    return ";".join(graph)


def rung_codec_args(i: int, p: RenditionPlan) -> list[str]:
    args = [
        f"-b:v:{i}",
        f"{p.video_kbps}k",
        f"-maxrate:v:{i}",
        f"{p.maxrate_kbps}k",
        f"-bufsize:v:{i}",
        f"{p.bufsize_kbps}k",
        f"-level:v:{i}",
        f"{p.h264_level / 10:.1f}",
    ]
    if p.audio_kbps:
        args += [f"-b:a:{i}", f"{p.audio_kbps}k"]
    return args


def _head(ffmpeg: str, source_path: Path, limits: MediaLimits) -> list[str]:
    """Reading the source with progress on stdout, never past the duration limit (whatever
    the source's header said) nor past the pixel limit."""
    command = [ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error"]
    command += ["-progress", "pipe:1", "-nostats", "-max_pixels", str(decoder_pixel_cap(limits))]
    return [*command, *safe_input(source_path), "-t", str(limits.max_duration_s)]


def _keyframes(plans: list[RenditionPlan], keyframes_s: tuple[float, ...] | None) -> list[str]:
    """Keyframes every GOP_S, or exactly at a copied top rung's keyframe times (then no other
    keyframe: the GOP cap lies beyond the longest source GOP)."""
    if keyframes_s is None:
        gop = plans[0].gop_frames
        return ["-g", str(gop), "-keyint_min", str(gop), "-force_key_frames",
                f"expr:gte(t,n_forced*{GOP_S})"]  # fmt: skip
    cap = max(1, round(plans[0].frame_rate * 2 * MAX_GOP_S))
    times = ",".join(f"{math.floor(t * 1000) / 1000:.3f}" for t in keyframes_s)
    forced = []  # one list per stream: ffmpeg applies an unqualified list to the first only
    for i in range(len(plans)):
        forced += [f"-force_key_frames:v:{i}", times]
    return ["-g", str(cap), *forced]


def remux_command(
    ffmpeg: str, source_path: Path, copied: RenditionPlan, out_dir: Path, limits: MediaLimits
) -> list[str]:
    """The source's own streams, copied into the top rung's fMP4 HLS (cut at its keyframes)."""
    command = [*_head(ffmpeg, source_path, limits), "-map", "0:v:0"]
    if copied.audio_kbps:
        command += ["-map", "0:a:0"]
    command += ["-c", "copy", "-tag:v", "avc1"]
    return command + _hls_output(out_dir / copied.name, "")


def _hls_output(folder: Path, variant: str) -> list[str]:
    return [
        "-f", "hls",
        "-hls_time", str(SEGMENT_S),
        "-hls_playlist_type", "vod",
        "-hls_segment_type", "fmp4",
        "-hls_flags", "independent_segments",
        "-hls_fmp4_init_filename", "init.mp4",
        "-hls_segment_filename", str(folder / variant / "seg_%05d.m4s"),
        str(folder / variant / "index.m3u8"),
    ]  # fmt: skip


def hls_command(
    ffmpeg: str,
    source_path: Path,
    source: SourceInfo,
    plans: list[RenditionPlan],
    out_dir: Path,
    limits: MediaLimits,
    keyframes_s: tuple[float, ...] | None = None,
) -> list[str]:
    """These rungs as HLS with fMP4 segments: out_dir/<rung>/index.m3u8, init.mp4, seg_N.m4s.
    keyframes_s: a copied top rung's keyframe times, which these rungs' segments follow."""
    command = _head(ffmpeg, source_path, limits)
    command += ["-filter_complex", video_filters(source, plans)]
    for i, p in enumerate(plans):
        command += ["-map", f"[v{i}]"]
        if p.audio_kbps:
            command += ["-map", "0:a:0"]
    command += [
        "-c:v",
        "libx264",
        "-preset",
        X264_PRESET,
        "-profile:v",
        "high",
        "-pix_fmt",
        "yuv420p",
        *_keyframes(plans, keyframes_s),
        "-sc_threshold",
        "0",
        "-x264-params",
        "open_gop=0",
    ]
    if source.has_audio:
        command += ["-c:a", "aac", "-ac", "2", "-ar", str(AUDIO_SAMPLE_RATE)]
    for i, p in enumerate(plans):
        command += rung_codec_args(i, p)
    streams = [
        f"v:{i},a:{i},name:{p.name}" if p.audio_kbps else f"v:{i},name:{p.name}"
        for i, p in enumerate(plans)
    ]
    return [*command, "-var_stream_map", " ".join(streams), *_hls_output(out_dir, "%v")]


def poster_command(
    ffmpeg: str, source_path: Path, at_s: float, out_poster: Path, out_thumb: Path, width: int
) -> list[str]:
    """A representative frame near at_s (the thumbnail filter skips dark or odd frames)."""
    graph = (
        "[0:v:0]format=yuv420p,thumbnail=48,split[p][t];"
        f"[p]scale='min({width},iw)':-2[poster];[t]scale=320:-2[thumb]"
    )
    return [
        ffmpeg, "-hide_banner", "-nostdin", "-y", "-loglevel", "error",
        "-ss", f"{at_s:.3f}", *safe_input(source_path), "-t", "4",
        "-filter_complex", graph,
        "-map", "[poster]", "-frames:v", "1", "-q:v", "3", str(out_poster),
        "-map", "[thumb]", "-frames:v", "1", "-q:v", "5", str(out_thumb),
    ]  # fmt: skip
