"""The tasks worker killed while it sends an email, then started again (issue 15).

Real parts: `manage.py db_worker --interval 1` (the wmhn-worker unit of
docs/deploy.md) with production settings on a database of the test's own,
and an SMTP server stub on a loopback port: the boundary where the site's
part ends. The stub can hold a session at one point, so the worker is
killed (SIGKILL, as the kernel's out-of-memory killer or a power cut would)
at a known moment:

1. after the message is sent but before the server's "250 OK": the server
   never took it, so the email must go out when the worker is back;
2. after the "250 OK", while the worker says goodbye (QUIT): the email was
   delivered, so the restarted worker must not send it again.
"""

import os
import signal
import socketserver
import subprocess
import sys
import threading
import time

import psycopg
import pytest

from tests.reliability import services
from tests.reliability.services import HOST, ROOT

pytestmark = pytest.mark.services

ENQUEUE = """
import django
django.setup()
from mailings.services import request_follow
from network.membership.services import join
from network.membership.views import current_consents
kind = {kind!r}
if kind == "member":
    join(name="Ada", email="ada@example.org", organisation="", region="", involvement=[],
         consents=current_consents(), wants_updates=False, base_url="https://wmhn.example.org")
else:
    request_follow("bea@example.org", {{"everything": True}})
"""


class SmtpStub(socketserver.ThreadingTCPServer):
    """Just enough SMTP for Django's backend; ``hold`` ("data" or "quit") makes
    the next session stop answering at that point until the client is gone."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self):
        self.accepted = []  # (recipients, message) the stub said 250 to
        self.hold = None
        self.holding = threading.Event()
        super().__init__((HOST, 0), SmtpSession)
        self.port = self.server_address[1]
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def wait_for_client_to_go(self, conn):
        self.holding.set()
        while conn.recv(1024):
            pass


class SmtpSession(socketserver.StreamRequestHandler):
    def reply(self, line):
        self.wfile.write(f"{line}\r\n".encode())

    def handle(self):
        stub = self.server
        self.reply("220 stub ESMTP")
        recipients = []
        while line := self.rfile.readline():
            command = line.decode().strip()
            verb = command[:4].upper()
            if verb == "EHLO":
                self.reply("250-stub")
                self.reply("250 8BITMIME")
            elif verb == "MAIL":
                recipients = []
                self.reply("250 OK")
            elif verb == "RCPT":
                recipients.append(command.split(":", 1)[1].strip("<> "))
                self.reply("250 OK")
            elif verb == "DATA":
                self.reply("354 go ahead")
                lines = []
                while (data := self.rfile.readline()) not in (b".\r\n", b""):
                    lines.append(data.decode())
                if stub.hold == "data":
                    stub.hold = None
                    stub.wait_for_client_to_go(self.connection)  # never answered: not taken
                    return
                stub.accepted.append((recipients, "".join(lines)))
                self.reply("250 OK queued")
            elif verb == "QUIT":
                if stub.hold == "quit":
                    stub.hold = None
                    stub.wait_for_client_to_go(self.connection)
                    return
                self.reply("221 bye")
                return
            else:
                self.reply("250 OK")


def task_states(database_url):
    with psycopg.connect(database_url) as conn:
        return dict(
            conn.execute(
                "SELECT task_path, status FROM django_tasks_database_dbtaskresult "
                "ORDER BY enqueued_at"
            ).fetchall()
        )


def wait_until(check, seconds=40):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.2)
    return False


@pytest.fixture
def worker_setup(tmp_path):
    with services.postgres_database("wmhn_servers_tasks") as database_url:
        services.build_site(database_url)
        smtp = SmtpStub()
        env = services.production_env(
            database_url, "redis://127.0.0.1:1/0", EMAIL_URL=f"smtp://{HOST}:{smtp.port}"
        )
        workers = []

        def start_worker():
            log = open(tmp_path / "worker.log", "a")  # noqa: SIM115 - closed with the process
            proc = subprocess.Popen(
                [sys.executable, "manage.py", "db_worker", "--interval", "1"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
            )  # fmt: skip
            workers.append(proc)
            return proc

        def enqueue(kind):
            result = subprocess.run(
                [sys.executable, "-c", ENQUEUE.format(kind=kind)],
                cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
            )  # fmt: skip
            assert result.returncode == 0, result.stderr[-3000:]

        try:
            yield database_url, smtp, start_worker, enqueue, tmp_path / "worker.log"
        finally:
            for proc in workers:
                services.stop(proc)
            smtp.shutdown()
            smtp.server_close()


def kill(proc):
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=10)


def to(smtp, address):
    return [message for recipients, message in smtp.accepted if address in recipients]


def test_a_killed_worker_loses_no_email_and_sends_none_twice(worker_setup):
    database_url, smtp, start_worker, enqueue, log = worker_setup
    member_task = "network.membership.emails.send_member_email"
    follow_task = "mailings.services.send_follow_confirmation"

    # 1. Killed before the mail server took the message.
    smtp.hold = "data"
    enqueue("member")
    worker = start_worker()
    assert smtp.holding.wait(timeout=60), log.read_text()[-3000:]
    kill(worker)
    assert task_states(database_url)[member_task] == "RUNNING"
    assert to(smtp, "ada@example.org") == []
    smtp.holding.clear()

    worker = start_worker()
    assert wait_until(lambda: task_states(database_url)[member_task] == "SUCCESSFUL"), (
        task_states(database_url),
        log.read_text()[-3000:],
    )
    assert len(to(smtp, "ada@example.org")) == 1  # not lost

    # 2. Killed after the mail server took it, while saying goodbye.
    smtp.hold = "quit"
    enqueue("follow")
    assert smtp.holding.wait(timeout=60), log.read_text()[-3000:]
    kill(worker)
    assert len(to(smtp, "bea@example.org")) == 1
    assert task_states(database_url)[follow_task] == "RUNNING"

    start_worker()
    assert wait_until(lambda: task_states(database_url)[follow_task] == "SUCCESSFUL"), (
        task_states(database_url),
        log.read_text()[-3000:],
    )
    time.sleep(1.5)  # a worker loop more, in case it sends after marking
    assert len(to(smtp, "bea@example.org")) == 1  # not sent twice
    assert len(to(smtp, "ada@example.org")) == 1
    print(f"\nworker killed twice: {len(smtp.accepted)} emails taken by the mail server")
