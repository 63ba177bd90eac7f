"""SQLite in WAL mode needs one host's shared memory and locks: never a network filesystem."""

from pathlib import Path

from backend.domain.errors import ConfigError

MOUNTINFO = Path("/proc/self/mountinfo")
NETWORK_TYPES = {"nfs", "nfs4", "cifs", "smb3", "smbfs", "9p", "afs", "ceph", "glusterfs",
                 "lustre", "gpfs", "beegfs", "ncpfs", "coda", "davfs"}  # fmt: skip
NETWORK_FUSE = {"sshfs", "s3fs", "gcsfuse", "rclone", "glusterfs", "cephfs", "davfs", "juicefs"}


def refuse_network_filesystem(path: Path) -> None:
    """ConfigError when the path lies on a network filesystem (where /proc tells us)."""
    if not MOUNTINFO.exists():
        return
    fstype = filesystem_type(path.resolve(), MOUNTINFO.read_text())
    if fstype and is_network(fstype):
        raise ConfigError(
            f"The data directory {path} is on a network filesystem ({fstype}). Local mode is "
            "one host: keep VALVID_DATA_DIR on a local disk; beyond one machine, use aws mode."
        )


def filesystem_type(path: Path, mountinfo: str) -> str | None:
    """The type of the mount holding path: the longest mount point that contains it."""
    best, best_type = None, None
    for line in mountinfo.splitlines():
        fields = line.split()
        if " - " not in line or len(fields) < 5:
            continue
        mount_point = Path(_unescape(fields[4]))
        fstype = line.split(" - ", 1)[1].split()[0]
        if path.is_relative_to(mount_point) and (
            best is None or len(mount_point.parts) >= len(best.parts)
        ):
            best, best_type = mount_point, fstype
    return best_type


def is_network(fstype: str) -> bool:
    kind, _, subtype = fstype.partition(".")
    if kind in ("fuse", "fuseblk") and subtype:
        return subtype in NETWORK_FUSE
    return kind in NETWORK_TYPES


def _unescape(field: str) -> str:
    """Mount points escape space, tab, newline and backslash as octal (\\040 and so on)."""
    for code, char in (("\\040", " "), ("\\011", "\t"), ("\\012", "\n"), ("\\134", "\\")):
        field = field.replace(code, char)
    return field
