"""Services wired to fakes through the real composition root."""

from backend.bootstrap import Services, build_services
from backend.config import Settings
from tests.fakes.catalog import InMemoryCatalog
from tests.fakes.clock import FrozenClock
from tests.fakes.multipart import FakeMultipartStore
from tests.fakes.ports import FakeIdentity, FakeJobQueue, FakeNotifier, FakeObjectStore
from tests.fakes.repositories import (
    InMemoryLoginAttemptLog,
    InMemorySigningKeyStore,
    InMemoryUploadRepository,
    InMemoryUserRepository,
    InMemoryVideoRepository,
)


def fake_services(tmp_path, **settings) -> Services:
    users, videos = InMemoryUserRepository(), InMemoryVideoRepository()
    objects = FakeObjectStore()
    return build_services(
        Settings(data_dir=tmp_path, **settings),
        clock=FrozenClock(),
        users=users,
        videos=videos,
        catalog=InMemoryCatalog(users=users, videos=videos),
        uploads=InMemoryUploadRepository(),
        signing_keys=InMemorySigningKeyStore(),
        login_attempts=InMemoryLoginAttemptLog(),
        identity=FakeIdentity(),
        notifier=FakeNotifier(),
        objects=objects,
        multipart=FakeMultipartStore(objects),
        jobs=FakeJobQueue(),
    )
