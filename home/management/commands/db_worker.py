"""`manage.py db_worker`: django-tasks-db's worker, which first puts back the
tasks of workers on this machine that were killed while running them.

django-tasks-db marks a task RUNNING when a worker takes it and never looks
at it again: a worker killed mid-task (out of memory, a power cut, a
SIGKILL after systemd's stop timeout) leaves it RUNNING for ever, so a
member's confirmation email was simply never sent. Here each worker is named
after its machine and process id (``HOST:PID``, unless ``--worker-id`` is
given), and on start any RUNNING task whose last worker on this machine is no
longer a running db_worker goes back to the queue. Emails sent from tasks
use home/email_once.py, so a rerun does not send what already went.

A worker that is stopped properly (one SIGTERM, as ``systemctl stop``
sends) finishes its task first and needs none of this.
"""

import logging
import os
import socket
from pathlib import Path

from django.db import transaction
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Command as WorkerCommand
from django_tasks_db.models import DBTaskResult

logger = logging.getLogger(__name__)
HOST = socket.gethostname()[:40]


def this_worker_id():
    return f"{HOST}:{os.getpid()}"


def worker_running(pid):
    """True when ``pid`` is a db_worker process on this machine."""
    try:
        return b"db_worker" in Path(f"/proc/{pid}/cmdline").read_bytes()
    except FileNotFoundError:
        return False
    except OSError:  # no /proc here: at least ask whether the process exists
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True


def requeue_interrupted(backend_name):
    """Put RUNNING tasks of this machine's dead workers back in the queue; how many."""
    put_back = 0
    with transaction.atomic():
        running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
            status=TaskResultStatus.RUNNING, backend_name=backend_name
        )
        for row in running:
            host, _, pid = ((row.worker_ids or [""])[-1]).rpartition(":")
            if host != HOST or not pid.isdigit() or worker_running(int(pid)):
                continue
            row.status = TaskResultStatus.READY
            row.started_at = None
            row.save(update_fields=["status", "started_at"])
            put_back += 1
    return put_back


class Command(WorkerCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.set_defaults(worker_id=this_worker_id())

    def handle(self, *args, **options):
        put_back = requeue_interrupted(options["backend_name"])
        if put_back:
            logger.warning("Put %d task(s) of a killed worker back in the queue", put_back)
        return super().handle(*args, **options)
