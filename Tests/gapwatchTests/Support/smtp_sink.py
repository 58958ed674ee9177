"""A loopback SMTP server for gapwatch's end-to-end digest test, and a reader of what it got.

  python3 smtp_sink.py serve MAILDIR   prints the port, then stores every message in MAILDIR
                                       (stops by itself after 120 s, or when stdin closes)
  python3 smtp_sink.py read MAILDIR    prints the messages as JSON: envelope recipients,
                                       headers, and each MIME part's type and decoded text
"""
import json
import mailbox
import socket
import sys
import threading
from email import policy
from email.parser import BytesParser


def serve(maildir):
    from aiosmtpd.controller import Controller
    from aiosmtpd.handlers import Mailbox

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Mailbox(maildir), hostname="127.0.0.1", port=port)
    controller.start()
    print(port, flush=True)
    done = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), done.set()), daemon=True).start()
    done.wait(timeout=120)
    controller.stop()


def read(maildir):
    messages = []
    for raw in mailbox.Maildir(maildir, factory=None):
        message = BytesParser(policy=policy.default).parsebytes(raw.as_bytes())
        parts = [
            {"type": part.get_content_type(), "text": part.get_content()}
            for part in message.walk()
            if not part.is_multipart()
        ]
        messages.append({
            "rcpt": message.get("X-RcptTo", ""),
            "from": message.get("From", ""),
            "to": message.get("To", ""),
            "subject": message.get("Subject", ""),
            "date": message.get("Date", ""),
            "message_id": message.get("Message-ID", ""),
            "content_type": message.get_content_type(),
            "parts": parts,
            "raw": raw.as_bytes().decode("utf-8", "replace"),
        })
    print(json.dumps(sorted(messages, key=lambda m: m["to"])))


if __name__ == "__main__":
    {"serve": serve, "read": read}[sys.argv[1]](sys.argv[2])
