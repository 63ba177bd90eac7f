"""Test sources made with ffmpeg's lavfi generators: every kind of input the pipeline meets."""

import struct
import subprocess
from pathlib import Path

import imageio_ffmpeg

FFMPEG = imageio_ffmpeg.get_ffmpeg_exe()


def ffmpeg(*args: str) -> None:
    subprocess.run([FFMPEG, "-v", "error", "-y", *args], check=True, timeout=300)


def video(size: str = "640x360", rate: int = 30, seconds: float = 3, pattern: str = "testsrc2"):
    return ["-f", "lavfi", "-i", f"{pattern}=s={size}:r={rate}:d={seconds}"]


def tone(seconds: float = 3, layout: str = "stereo"):
    return [
        "-f",
        "lavfi",
        "-i",
        f"sine=frequency=440:duration={seconds},aformat=channel_layouts={layout}",
    ]


H264 = ["-c:v", "libx264", "-preset", "ultrafast", "-pix_fmt", "yuv420p"]
AAC = ["-c:a", "aac", "-shortest"]


def make(kind: str, out: Path) -> Path:
    """Write a clip of the given kind (see CLIPS) and return its path."""
    CLIPS[kind](out)
    return out


def _landscape(out: Path) -> None:
    ffmpeg(*video("1280x720"), *tone(), *H264, *AAC, "-f", "mp4", str(out))


def _portrait(out: Path) -> None:
    ffmpeg(*video("720x1280"), *tone(), *H264, *AAC, "-f", "mp4", str(out))


def _rotated(out: Path) -> None:
    plain = out.with_suffix(".plain.mp4")
    ffmpeg(*video("640x360"), *tone(), *H264, *AAC, str(plain))
    ffmpeg("-display_rotation", "90", "-i", str(plain), "-c", "copy", "-f", "mp4", str(out))
    plain.unlink()


def _odd(out: Path) -> None:
    ffmpeg(*video("640x360"), *tone(), "-vf", "scale=641:359", "-c:v", "ffv1", "-c:a", "flac",
           "-shortest", "-f", "matroska", str(out))  # fmt: skip


def _silent(out: Path) -> None:
    ffmpeg(*video("640x360"), *H264, "-f", "mp4", str(out))


def _sixty(out: Path) -> None:
    ffmpeg(*video("640x360", rate=60), *tone(), *H264, *AAC, "-f", "mp4", str(out))


def _ten_bit(out: Path) -> None:
    ffmpeg(*video("640x360"), *tone(), "-c:v", "libx264", "-preset", "ultrafast",
           "-pix_fmt", "yuv420p10le", *AAC, "-f", "mp4", str(out))  # fmt: skip


def _vp9(out: Path) -> None:
    ffmpeg(*video("640x360", seconds=2), *tone(2, "5.1"), "-c:v", "libvpx-vp9",
           "-deadline", "realtime", "-cpu-used", "8", "-c:a", "libopus", "-shortest",
           "-f", "webm", str(out))  # fmt: skip


def _hevc_interlaced(out: Path) -> None:
    ffmpeg(*video("720x576", rate=50, seconds=2), *tone(2), "-vf", "interlace",
           "-c:v", "libx265", "-preset", "ultrafast", "-x265-params", "log-level=error",
           *AAC, "-f", "mp4", str(out))  # fmt: skip


def _two_audio_tracks(out: Path) -> None:
    ffmpeg(*video("640x360", seconds=2), *tone(2), "-f", "lavfi", "-i",
           "sine=frequency=880:duration=2", "-map", "0:v", "-map", "1:a", "-map", "2:a",
           *H264, *AAC, "-f", "mp4", str(out))  # fmt: skip


def _fit_to_stream(out: Path) -> None:
    """H.264 High at the 720p rung's size and rate, closed 2 s GOPs, AAC-LC: remuxed as is."""
    ffmpeg(*video("1280x720", seconds=8), *tone(8), "-c:v", "libx264", "-preset", "veryfast",
           "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", "60", "-keyint_min", "60",
           "-sc_threshold", "0", "-b:v", "1500k", "-maxrate", "2000k", "-bufsize", "3000k",
           "-c:a", "aac", "-ac", "2", "-shortest", "-f", "mp4", str(out))  # fmt: skip


def _fit_to_stream_1080(out: Path) -> None:
    """20 s of 1080p30 at 5 Mb/s, fit to stream: playable at once, its lower rungs take a while."""
    ffmpeg(*video("1920x1080", seconds=20), *tone(20), "-c:v", "libx264", "-preset", "superfast",
           "-profile:v", "high", "-pix_fmt", "yuv420p", "-g", "60", "-keyint_min", "60",
           "-sc_threshold", "0", "-b:v", "4000k", "-maxrate", "5000k", "-bufsize", "8000k",
           "-c:a", "aac", "-ac", "2", "-shortest", "-f", "mp4", str(out))  # fmt: skip


def _short(out: Path) -> None:
    ffmpeg(*video("640x360", seconds=0.5), *tone(0.5), *H264, *AAC, "-f", "mp4", str(out))


def _tiny(out: Path) -> None:
    ffmpeg(*video("160x120"), *tone(), *H264, *AAC, "-f", "mp4", str(out))


def _black_intro(out: Path) -> None:
    ffmpeg("-f", "lavfi", "-i", "color=black:s=640x360:r=30:d=3", *video("640x360", seconds=6),
           *tone(9), "-filter_complex", "[0:v][1:v]concat=n=2:v=1:a=0[v]", "-map", "[v]",
           "-map", "2:a", *H264, *AAC, "-f", "mp4", str(out))  # fmt: skip


def _audio_only(out: Path) -> None:
    ffmpeg(*tone(), "-c:a", "aac", "-f", "mp4", str(out))


def _still_image(out: Path) -> None:
    ffmpeg(*video("640x360", seconds=0.04), "-frames:v", "1", "-f", "image2", str(out))


def _text(out: Path) -> None:
    out.write_text("This is not a video, just some text someone renamed to .mp4\n" * 50)


def _empty(out: Path) -> None:
    out.write_bytes(b"")


def _truncated(out: Path) -> None:
    whole = out.with_suffix(".whole.mp4")
    ffmpeg(*video("640x360", seconds=6), *tone(6), *H264, *AAC, "-movflags", "+faststart",
           str(whole))  # fmt: skip
    data = whole.read_bytes()
    out.write_bytes(data[: len(data) // 2])
    whole.unlink()


def _long(out: Path) -> None:
    ffmpeg(*video("1280x720", seconds=40, pattern="testsrc2"), *tone(40), *H264, *AAC,
           "-f", "mp4", str(out))  # fmt: skip


def _lying_duration(out: Path) -> None:
    """Matroska whose header says 2 s while its frames run for 20 s."""
    honest = out.with_suffix(".honest.mkv")
    ffmpeg(*video("160x120", rate=10, seconds=20), *H264, "-f", "matroska", str(honest))
    data = bytearray(honest.read_bytes())
    at = data.index(b"\x44\x89\x88")  # Segment Info Duration, an 8-byte float in ms
    data[at + 3 : at + 11] = struct.pack(">d", 2000.0)
    out.write_bytes(bytes(data))
    honest.unlink()


def _growing(out: Path) -> None:
    """MPEG-TS that starts at 160x120 and switches to 1280x720 after one second."""
    small, large = out.with_suffix(".small.ts"), out.with_suffix(".large.ts")
    ffmpeg(*video("160x120", rate=10, seconds=1), *H264, "-f", "mpegts", str(small))
    ffmpeg(*video("1280x720", rate=10, seconds=2), *H264, "-output_ts_offset", "1",
           "-f", "mpegts", str(large))  # fmt: skip
    out.write_bytes(small.read_bytes() + large.read_bytes())
    small.unlink()
    large.unlink()


def _ffconcat_neighbour(out: Path) -> None:
    """A relative ffconcat list naming a real clip that lies beside it."""
    _tiny(out.with_name("neighbour.mp4"))
    out.write_text("ffconcat version 1.0\nfile neighbour.mp4\n")


def _ffconcat_self(out: Path) -> None:
    """A tiny ffconcat list that names itself: endless nested opens if it is ever demuxed."""
    out.write_text(f"ffconcat version 1.0\nfile {out.name}\n")


CLIPS = {
    "landscape": _landscape,
    "portrait": _portrait,
    "rotated": _rotated,
    "odd": _odd,
    "silent": _silent,
    "sixty": _sixty,
    "ten_bit": _ten_bit,
    "vp9": _vp9,
    "hevc_interlaced": _hevc_interlaced,
    "two_audio_tracks": _two_audio_tracks,
    "short": _short,
    "fit_to_stream": _fit_to_stream,
    "fit_to_stream_1080": _fit_to_stream_1080,
    "tiny": _tiny,
    "black_intro": _black_intro,
    "audio_only": _audio_only,
    "still_image": _still_image,
    "text": _text,
    "empty": _empty,
    "truncated": _truncated,
    "long": _long,
    "lying_duration": _lying_duration,
    "growing": _growing,
    "ffconcat_neighbour": _ffconcat_neighbour,
    "ffconcat_self": _ffconcat_self,
}
