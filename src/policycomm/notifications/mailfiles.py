"""Mail written to files, one ``.eml`` per message, when no mail server is configured.

Django's file-based backend writes every message of a connection into one ``.log`` file, and two
connections opened in the same second may share a name; here each message is its own file, named
by the time and a random suffix, in the format a mail program opens (RFC 5322, as it would be sent).
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections.abc import Sequence

from django.core.mail.backends import filebased
from django.core.mail.message import EmailMessage


class EmailBackend(filebased.EmailBackend):
    file_path: str  # set by the file-based backend from EMAIL_FILE_PATH

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            if not message.recipients():
                continue
            stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
            path = os.path.join(self.file_path, f"{stamp}-{uuid.uuid4().hex[:10]}.eml")
            with open(path, "xb") as f:
                f.write(message.message().as_bytes(linesep="\r\n"))
            sent += 1
        return sent
