"""The data directory holds signing keys and password hashes: nobody but its owner may read it."""

import os
import stat
import subprocess
from pathlib import Path

import pytest

from backend.adapters.local import network_fs
from backend.bootstrap import build_services
from backend.config import Settings
from backend.domain.errors import ConfigError
from tests.unit.helpers import PASSWORD

OTHERS = stat.S_IRWXG | stat.S_IRWXO


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


def test_the_app_keeps_its_session_state_inside_the_private_data_dir(tmp_path):
    """Reflex pickles every session's state, the JWT included, into REFLEX_STATES_WORKDIR."""
    from backend.entrypoints.cli import app_env

    settings = Settings(data_dir=tmp_path / "data")
    env = app_env(settings, port=3000)
    states = Path(env["REFLEX_STATES_WORKDIR"])
    assert states.is_relative_to(settings.data_dir.resolve())
