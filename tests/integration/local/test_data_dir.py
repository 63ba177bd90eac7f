"""The data directory holds signing keys and password hashes: nobody but its owner may read it."""

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from backend.adapters.local import network_fs
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.errors import ConfigError
from tests.unit.helpers import PASSWORD

OTHERS = stat.S_IRWXG | stat.S_IRWXO
PROJECT_ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def lax_umask():
    """A process started the usual way (umask 022), restored afterwards."""
    before = os.umask(0o022)
    yield
    os.umask(before)


def readable_by_others(root: Path) -> list[str]:
    paths = [root, *root.rglob("*")]
    return [f"{p.relative_to(root)} {stat.filemode(p.stat().st_mode)}" for p in paths
            if p.stat().st_mode & OTHERS]  # fmt: skip


def use_the_platform(svc) -> None:
    """Write what a running platform writes: accounts, keys, an object, a child process's file."""
    svc.auth.sign_up(email="ann@example.com", username="ann", password=PASSWORD)
    store = svc.port("objects")
    fd, temp = store.new_incoming()
    os.write(fd, b"video bytes")
    os.close(fd)
    store.commit(temp, "raw/usr_1/vid_1/upl_1")
    out = store.path_for("media/vid_1/720p/seg_1.m4s")
    subprocess.run(["sh", "-c", f'mkdir -p "{out.parent}" && echo x > "{out}"'], check=True)


def test_everything_the_platform_writes_is_owner_only(tmp_path, lax_umask):
    data = tmp_path / "data"
    use_the_platform(build_services(Settings(data_dir=data)))
    assert readable_by_others(data) == []
    assert {"valvid.db", "valvid.db-wal", "secrets", "objects"} <= {p.name for p in data.iterdir()}


def test_an_existing_readable_data_dir_is_made_owner_only_at_start_up(tmp_path, lax_umask):
    data = tmp_path / "data"
    use_the_platform(build_services(Settings(data_dir=data)))
    for path in [data, *data.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    assert readable_by_others(data)
    build_services(Settings(data_dir=data))
    assert readable_by_others(data) == []


def test_a_data_dir_on_a_network_filesystem_is_refused(tmp_path, monkeypatch):
    mountinfo = tmp_path / "mountinfo"
    mountinfo.write_text(
        f"27 1 8:1 / / rw - ext4 /dev/sda1 rw\n40 27 0:45 / {tmp_path} rw - nfs4 fs:/x rw\n"
    )
    monkeypatch.setattr(network_fs, "MOUNTINFO", mountinfo)
    with pytest.raises(ConfigError, match="network filesystem"):
        build_services(Settings(data_dir=tmp_path / "data"))


@pytest.mark.parametrize("name", ["upload-policy.key", "cloudfront-private-key.pem"])
def test_an_empty_secret_file_is_refused_at_start_up(tmp_path, name):
    secret = tmp_path / "data" / "secrets" / name
    secret.parent.mkdir(parents=True)
    secret.write_bytes(b"")
    with pytest.raises(ConfigError, match=name):
        build_services(Settings(data_dir=tmp_path / "data"))


def test_the_apps_session_state_holding_the_jwt_is_owner_only(tmp_path):
    """Reflex (disk state manager, its default in prod) pickles each session, JWT included.

    Runs what `valvid run` hands the Reflex process (environment and umask) in a fresh process,
    then has Reflex's own state manager save a signed-in session.
    """
    data, jwt = tmp_path / "data", "eyJhbGciOiJIUzI1NiJ9.session-marker.sig"
    result = subprocess.run(
        [sys.executable, "-c", SAVE_SESSION, str(data), jwt],
        cwd=PROJECT_ROOT,
        env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    states = Path(result.stdout.strip())
    saved = [p for p in states.iterdir() if jwt.encode() in p.read_bytes()]
    assert saved, "the session's JWT should be in the saved state (else this test proves nothing)"
    assert states.is_relative_to(data.resolve())
    assert readable_by_others(data) == []


SAVE_SESSION = """
import asyncio, os, sys
from pathlib import Path
from backend.config import Settings
from backend.entrypoints.cli import app_env

os.umask(0o022)
os.environ.update(app_env(Settings(data_dir=Path(sys.argv[1])), port=3000))

from reflex.istate.manager.disk import StateManagerDisk
from reflex.istate.manager.token import BaseStateToken
from reflex.state import State
from valvid_ui.state.session import SessionState


async def save_a_signed_in_session():
    manager = StateManagerDisk()
    manager._write_debounce_seconds = 0
    async with manager.modify_state(BaseStateToken(ident="client-1", cls=State)) as state:
        (await state.get_state(SessionState)).token = sys.argv[2]
    await manager.close()
    print(manager.states_directory)

asyncio.run(save_a_signed_in_session())
"""


def test_a_data_dir_reached_through_a_symlink_is_made_owner_only(tmp_path, lax_umask):
    real = tmp_path / "disk" / "valvid"
    use_the_platform(build_services(Settings(data_dir=real)))
    for path in [real, *real.rglob("*")]:
        path.chmod(0o755 if path.is_dir() else 0o644)
    link = tmp_path / "data"
    link.symlink_to(real, target_is_directory=True)
    build_services(Settings(data_dir=link))
    assert readable_by_others(real) == []
