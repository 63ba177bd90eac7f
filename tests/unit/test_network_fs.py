"""Spotting a data directory on a network filesystem from /proc/self/mountinfo text."""

from pathlib import Path

import pytest

from backend.adapters.local.network_fs import filesystem_type, is_network

MOUNTINFO = r"""
22 27 0:21 / /proc rw,relatime - proc proc rw
27 1 8:1 / / rw,relatime shared:1 - ext4 /dev/sda1 rw
40 27 0:45 / /srv/media rw,relatime shared:20 - nfs4 fs1:/export/media rw,vers=4.2
41 40 8:17 / /srv/media/scratch rw,relatime - xfs /dev/sdb1 rw
42 27 0:50 / /mnt/share rw,relatime - cifs //nas/share rw
43 27 0:51 / /home/ann/remote rw,nosuid - fuse.sshfs ann@box:/data rw
44 27 0:52 / /mnt/host rw - 9p hostshare rw,trans=virtio
45 27 0:53 / /mnt/my\040disk rw - nfs server:/x rw
46 27 0:54 / /tmp rw - tmpfs tmpfs rw
47 27 0:55 / /mnt/portable rw - fuseblk /dev/sdc1 rw
48 27 0:56 / /run/user/1000/doc rw - fuse.portal portal rw
"""


@pytest.mark.parametrize(
    ("path", "fstype"),
    [
        ("/home/ann/.valvid", "ext4"),
        ("/srv/media/valvid", "nfs4"),
        ("/srv/media/scratch/valvid", "xfs"),  # a local disk mounted below an NFS mount
        ("/srv/mediaX/valvid", "ext4"),  # a sibling that only shares a prefix
        ("/mnt/share/v", "cifs"),
        ("/home/ann/remote/v", "fuse.sshfs"),
        ("/mnt/host/v", "9p"),
        ("/mnt/my disk/v", "nfs"),  # mount points escape spaces
        ("/tmp/v", "tmpfs"),
    ],
)
def test_the_deepest_mount_holding_the_path_decides(path, fstype):
    assert filesystem_type(Path(path), MOUNTINFO) == fstype


@pytest.mark.parametrize("fstype", ["nfs", "nfs4", "cifs", "smb3", "fuse.sshfs", "9p", "ceph"])
def test_network_filesystems_are_recognised(fstype):
    assert is_network(fstype)


@pytest.mark.parametrize("fstype", ["ext4", "xfs", "btrfs", "tmpfs", "overlay", "fuseblk",
                                    "fuse.portal", "zfs"])  # fmt: skip
def test_local_filesystems_are_not(fstype):
    assert not is_network(fstype)
