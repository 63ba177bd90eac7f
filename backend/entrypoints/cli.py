"""The `valvid` command: run the local platform and do an operator's chores."""

import argparse
import logging
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

from backend.bootstrap import aws_backfills, build_services, database_schema, prepare_data_dir
from backend.config import Settings
from backend.domain.errors import ConfigError, DomainError
from backend.domain.statuses import AccountStatus, Role
from backend.entrypoints import aws_local
from backend.entrypoints.js_runtime import reflex_env
from backend.entrypoints.worker import Worker

FRONTEND_BUILD = Path(".web") / "build" / "client" / "index.html"


def app_root() -> Path:
    """The folder with rxconfig.py, where Reflex keeps the built app (.web): the one valvid runs
    in (the image's WORKDIR), else the checkout this module is in (an editable install)."""
    for folder in (Path.cwd(), Path(__file__).resolve().parents[2]):
        if (folder / "rxconfig.py").is_file():
            return folder
    raise ConfigError(f"No rxconfig.py in {Path.cwd()}: run valvid in the Valvid app's folder.")


def run(args: argparse.Namespace) -> int:
    """Serve app, API and uploads on one port, with a processing worker beside them."""
    settings = Settings().check()
    env = app_env(settings, port=args.port)
    if settings.mode == "local":
        database_schema(settings).upgrade()  # before the app and the worker both open it
    worker = None
    if settings.mode == "local" and not args.no_worker:
        worker = subprocess.Popen(
            [sys.executable, "-m", "backend.entrypoints.cli", "worker"], env=env
        )
    command = ["reflex", "run", "--env", "prod", "--single-port", "--backend-port", str(args.port)]
    try:
        return subprocess.call(command, cwd=app_root(), env=env)
    finally:
        if worker is not None:
            worker.terminate()
            worker.wait(30)


def build(args: argparse.Namespace) -> int:
    """Compile the pages and build the frontend into .web, for `valvid serve` (an image build
    step: a starting container then only serves). The port is built in, as Reflex does."""
    env = reflex_env()
    env.update(REFLEX_FRONTEND_PORT=str(args.port), REFLEX_BACKEND_PORT=str(args.port))
    command = ["reflex", "export", "--frontend-only", "--no-zip", "--env", "prod"]
    return subprocess.call(command, cwd=app_root(), env=env)


def serve(args: argparse.Namespace) -> int:
    """Serve app, API and the frontend `valvid build` built, on one port (the app image's CMD)."""
    settings = Settings().check()
    root = app_root()
    if not (root / FRONTEND_BUILD).is_file():
        raise ConfigError(f"No built frontend in {root}: run `valvid build` there first.")
    env = app_env(settings, port=args.port)
    # The server takes this process's place: in a container it is then the first process, which
    # gets the SIGTERM of a stopping task and drains its connections.
    os.chdir(root)
    command = [sys.executable, "-m", "backend.entrypoints.serve_built", str(args.port)]
    os.execve(sys.executable, command, env)


def app_env(settings: Settings, *, port: int) -> dict[str, str]:
    """The app's and worker's environment; in local mode the data directory is made private first.

    Reflex pickles each session's state (the signed-in user's JWT too) into its states directory:
    it lives inside the owner-only data directory, and the umask set here is inherited.
    """
    env = reflex_env()
    env["VALVID_DATA_DIR"] = str(settings.data_dir.resolve())
    env.setdefault("VALVID_PUBLIC_URL", f"http://localhost:{port}")
    if settings.mode == "local":
        prepare_data_dir(settings)
        env.setdefault("REFLEX_STATES_WORKDIR", str(settings.data_dir.resolve() / "states"))
    return env


def worker(args: argparse.Namespace) -> int:
    """Process uploads until interrupted; more workers on this machine may share the data dir."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    stop = threading.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        signal.signal(sig, lambda *_: stop.set())
    Worker(build_services()).run(stop)
    return 0


def outbox(args: argparse.Namespace) -> int:
    messages = build_services().port("identity").outbox(args.email)
    if not messages:
        print("The outbox is empty.")
    for m in messages[: args.last]:
        print(f"{m.created_at:%Y-%m-%d %H:%M:%S}  {m.email}  {m.subject}: {m.code}")
    return 0


def users(args: argparse.Namespace) -> int:
    if args.action in ("grant-admin", "approve"):
        role = Role.ADMIN if args.action == "grant-admin" else Role.CREATOR
        user = build_services().admin.grant_by_email(args.email, role)
        print(f"{user.email} is now {user.role.value}")
        return 0
    status = AccountStatus.SUSPENDED if args.action == "suspend" else AccountStatus.ACTIVE
    user = build_services().auth.set_status(email=args.email, status=status)
    print(f"{user.email} is now {user.account_status.value}")
    return 0


def jobs(args: argparse.Namespace) -> int:
    """Processing jobs with their state, attempts and the cause of their last failure."""
    queue = build_services().port("jobs")
    if not hasattr(queue, "recent"):
        raise ConfigError("`valvid jobs` lists local-mode jobs; aws mode's are in MediaConvert.")
    listed = queue.recent(args.last, args.state)
    if not listed:
        print("No jobs.")
    for s in listed:
        print(
            f"{s.created_at:%Y-%m-%d %H:%M:%S}  {s.job.job_id}  {s.job.video_id}  "
            f"{s.status:<8} {s.job.attempts:>2}  {s.cause or '-'}"
        )
    return 0


def keys(args: argparse.Namespace) -> int:
    key = build_services().tokens.rotate()
    print(f"New signing key {key.kid}; older keys verify until their tokens expire.")
    return 0


def db(args: argparse.Namespace) -> int:
    """Local mode's database schema: which revision it is at, upgrading it, the revisions."""
    settings = Settings().check()
    if settings.mode != "local":
        raise ConfigError("`valvid db` works on local mode's SQLite database.")
    schema = database_schema(settings)
    if args.action == "history":
        print("\n".join(schema.history()))
    elif args.action == "revision":
        print(f"Wrote {schema.new_revision(args.message)}: read it, then give it a docstring.")
    elif args.action == "upgrade":
        before = schema.current()
        schema.upgrade(args.revision)
        print(f"Database at revision {schema.current()} (was {before or 'empty'}).")
    else:
        current = schema.current()
        state = "up to date" if current == schema.head() else f"head is {schema.head()}"
        print(f"Database at revision {current or 'none (empty)'}; {state}.")
    return 0


def aws(args: argparse.Namespace) -> int:
    """DynamoDB backfills: give existing items what a new version's index needs."""
    settings = Settings()
    if not settings.aws_region:
        raise ConfigError("`valvid aws` needs VALVID_AWS_REGION (and the table prefix).")
    backfills, runner = aws_backfills(settings)
    if args.name not in backfills:
        listed = "\n".join(f"  {b.name}: {b.summary}" for b in backfills.values())
        print(f"Backfills:\n{listed}")
        return 0 if args.name is None else 2
    report = runner.run(backfills[args.name], dry_run=args.dry_run)
    verb = "would update" if args.dry_run else "updated"
    print(f"{args.name}: scanned {report.scanned}, {verb} {report.updated}, "
          f"{report.changed_meanwhile} changed by the app meanwhile (left to it).")  # fmt: skip
    return 0


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="valvid", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)
    p = sub.add_parser("run", help="run the whole local platform")
    p.add_argument("--port", type=int, default=int(os.environ.get("VALVID_PORT", "3000")))
    p.add_argument("--no-worker", action="store_true", help="serve only (aws mode never runs one)")
    p.set_defaults(func=run)
    p = sub.add_parser("build", help="build the frontend for `valvid serve` (image build step)")
    p.add_argument("--port", type=int, default=int(os.environ.get("VALVID_PORT", "3000")))
    p.set_defaults(func=build)
    p = sub.add_parser("serve", help="serve what `valvid build` built (the app image's command)")
    p.add_argument("--port", type=int, default=int(os.environ.get("VALVID_PORT", "3000")))
    p.set_defaults(func=serve)
    p = sub.add_parser("worker", help="process uploads (more workers: run this again)")
    p.set_defaults(func=worker)
    p = sub.add_parser("outbox", help="show confirmation codes written in local mode")
    p.add_argument("--email", help="only this address")
    p.add_argument("--last", type=int, default=20, help="how many (newest first)")
    p.set_defaults(func=outbox)
    p = sub.add_parser("users", help="suspend, reactivate, approve as creator, make admin")
    p.add_argument("action", choices=["suspend", "activate", "approve", "grant-admin"])
    p.add_argument("email")
    p.set_defaults(func=users)
    p = sub.add_parser("jobs", help="list processing jobs: state, attempts, cause of failure")
    p.add_argument("--state", choices=["QUEUED", "RUNNING", "DONE", "FAILED", "CANCELED"])
    p.add_argument("--last", type=int, default=20, help="how many (newest first)")
    p.set_defaults(func=jobs)
    p = sub.add_parser("keys", help="manage token signing keys")
    p.add_argument("action", choices=["rotate"])
    p.set_defaults(func=keys)
    p = sub.add_parser("db", help="database schema: current, upgrade [REVISION], history")
    p.add_argument("action", choices=["current", "upgrade", "history", "revision"])
    p.add_argument("-m", "--message", default="", help="revision: what it changes")
    p.add_argument("revision", nargs="?", default="head", help="upgrade: to this revision")
    p.set_defaults(func=db)
    p = sub.add_parser("aws", help="aws mode chores: backfill [NAME] [--dry-run]")
    p.add_argument("action", choices=["backfill"])
    p.add_argument("name", nargs="?", help="which backfill (none: list them)")
    p.add_argument("--dry-run", action="store_true", help="count what would change")
    p.set_defaults(func=aws)
    aws_local.add_parser(sub)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except (DomainError, ConfigError) as e:
        print(f"valvid: {getattr(e, 'message', e)}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
