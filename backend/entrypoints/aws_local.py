"""`valvid aws-local`: aws mode on this machine, against the emulated AWS (backend/emulated)."""

import argparse
import logging
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from backend.emulated.mailbox import Mailbox

DEFAULT_DIR = ".valvid-aws"


def add_parser(sub: "argparse._SubParsersAction[argparse.ArgumentParser]") -> None:
    p = sub.add_parser("aws-local", help="aws mode on this machine: run | mail")
    p.add_argument("action", choices=["run", "mail"])
    p.add_argument("--port", type=int, default=int(os.environ.get("VALVID_PORT", "3000")))
    p.add_argument("--aws-port", type=int, default=0, help="the emulated AWS endpoint's port")
    p.add_argument("--dir", type=Path, default=Path(DEFAULT_DIR), help="the emulator's files")
    p.add_argument("--no-app", action="store_true", help="run: the emulated AWS only")
    p.add_argument("--email", help="mail: only to this address")
    p.add_argument("--last", type=int, default=20, help="mail: how many (newest last)")
    p.set_defaults(func=aws_local)


def aws_local(args: argparse.Namespace) -> int:
    if args.action == "mail":
        for mail in Mailbox(args.dir / "mail.jsonl").messages(args.email)[-args.last :]:
            stamp = time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(mail.at))
            print(f"{stamp}  {mail.to}  {mail.subject}  {mail.code}")
        return 0
    return _run(args)


def _run(args: argparse.Namespace) -> int:
    from backend.emulated.stack import EmulatedAws
    from backend.entrypoints.cli import app_root

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    for noisy in ("werkzeug", "botocore", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    public_url = os.environ.get("VALVID_PUBLIC_URL", f"http://localhost:{args.port}")
    signal.signal(signal.SIGTERM, _interrupt)
    started = time.monotonic()
    with EmulatedAws(args.dir, public_url, root=app_root(), aws_port=args.aws_port) as stack:
        ready = time.monotonic() - started
        print(f"Emulated AWS at {stack.endpoint}, ready in {ready:.1f} s; settings in "
              f"{args.dir / 'aws.env'}; codes: valvid aws-local mail", flush=True)  # fmt: skip
        if args.no_app:
            return _wait_for_interrupt()
        env = dict(os.environ, **stack.app_env, VALVID_DATA_DIR=str(args.dir.resolve() / "app"))
        command = [sys.executable, "-m", "backend.entrypoints.cli", "run", "--port", str(args.port)]
        app = subprocess.Popen(command, env=env)
        try:
            return app.wait()
        except KeyboardInterrupt:
            app.terminate()
            try:
                app.wait(30)
            except subprocess.TimeoutExpired:
                app.kill()
            return 0


def _wait_for_interrupt() -> int:
    try:
        while True:
            signal.pause()
    except KeyboardInterrupt:
        return 0


def _interrupt(*_: object) -> None:
    raise KeyboardInterrupt
