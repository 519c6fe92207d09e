"""E-mail over SMTP with the standard library's smtplib, in a worker thread (docs/dependencies.md
says why not an async library).

A Chinese subject and sender name go out as RFC 2047 encoded words and the body as UTF-8 in
base64, which every relay carries (8BITMIME is not assumed). The server's reply codes decide the
outcome: 4xx is "try later" (greylisting, a full mailbox), 5xx a refusal."""

from __future__ import annotations

import asyncio
import smtplib
import ssl
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from email.headerregistry import Address
from email.message import EmailMessage
from email.policy import SMTP
from email.utils import format_datetime
from typing import Literal

from ..domain.classify import smtp_reply_kind
from ..domain.delivery import ChannelKind, Delivery, Outcome, OutcomeKind, Urgency, digest_of


@dataclass(frozen=True)
class SmtpOptions:
    host: str
    port: int
    sender: str  # the envelope and From address
    sender_name: str = "双控系统"
    security: Literal["starttls", "tls", "none"] = "starttls"  # "none" only for a relay inside the plant
    username: str | None = None
    password: str | None = field(default=None, repr=False)
    timeout_s: float = 15.0
    ca_file: str | None = None

    def __post_init__(self) -> None:
        if self.username and self.security == "none":
            raise ValueError("SMTP credentials are sent only over TLS (security starttls or tls)")
        if not (self.username or "").isascii() or not (self.password or "").isascii():
            raise ValueError("SMTP credentials must be ASCII (smtplib's AUTH sends them so)")
        if "@" not in self.sender:
            raise ValueError("the SMTP sender must be an e-mail address")


def _address(text: str) -> Address | None:
    try:
        address = Address(addr_spec=text)
    except (ValueError, IndexError):
        return None
    return address if address.username and address.domain else None


def message(delivery: Delivery, options: SmtpOptions, sent_at: datetime) -> EmailMessage:
    mail = EmailMessage(policy=SMTP)
    sender = _address(options.sender)
    mail["From"] = Address(options.sender_name, addr_spec=options.sender) if sender else options.sender
    mail["To"] = delivery.target
    mail["Subject"] = delivery.subject
    mail["Date"] = format_datetime(sent_at)
    domain = options.sender.rsplit("@", 1)[-1]
    # The same id on every attempt of a delivery, so a mail client shows a replay as the same mail.
    mail["Message-ID"] = f"<{delivery.delivery_id}@{domain}>"
    mail["X-Shuangkong-Delivery"] = delivery.delivery_id
    if delivery.urgency is Urgency.URGENT:
        mail["Importance"] = "high"
    text = delivery.text
    if delivery.link is not None and delivery.link not in text:
        text = f"{text}\n{delivery.link}"
    mail.set_content(text, charset="utf-8", cte="base64")
    return mail


def _refused(code: int, text: bytes | str, digest: str) -> Outcome:
    reply = text.decode("utf-8", "replace") if isinstance(text, bytes) else str(text)
    return Outcome(smtp_reply_kind(code), str(code), reply, digest)


class Email:
    kind = ChannelKind.EMAIL

    def __init__(self, options: SmtpOptions, now: Callable[[], datetime]) -> None:
        self._options = options
        self._now = now

    async def send(self, delivery: Delivery) -> Outcome:
        if _address(delivery.target) is None:
            return Outcome(OutcomeKind.PERMANENT, "bad_address", f"邮箱地址无效：{delivery.target}", "")
        payload = message(delivery, self._options, self._now()).as_bytes()
        digest = digest_of(payload)
        return await asyncio.to_thread(self._send_blocking, delivery.target, payload, digest)

    def _send_blocking(self, to: str, payload: bytes, digest: str) -> Outcome:
        options = self._options
        context = ssl.create_default_context(cafile=options.ca_file)
        try:
            if options.security == "tls":
                smtp: smtplib.SMTP = smtplib.SMTP_SSL(options.host, options.port, timeout=options.timeout_s,
                                                      context=context)
            else:
                smtp = smtplib.SMTP(options.host, options.port, timeout=options.timeout_s)
            with smtp:
                if options.security == "starttls":
                    smtp.starttls(context=context)
                if options.username:
                    smtp.login(options.username, options.password or "")
                smtp.sendmail(options.sender, [to], payload)
        except smtplib.SMTPRecipientsRefused as exc:
            code, text = next(iter(exc.recipients.values()))
            return _refused(code, text, digest)
        except smtplib.SMTPNotSupportedError as exc:
            return Outcome(OutcomeKind.PERMANENT, "smtp_not_supported", str(exc), digest)
        except smtplib.SMTPResponseException as exc:  # sender refused, data refused, auth failed, HELO
            return _refused(exc.smtp_code, exc.smtp_error, digest)
        except ssl.SSLCertVerificationError:
            return Outcome(OutcomeKind.PERMANENT, "tls_verify_failed", "邮件服务器证书校验失败", digest)
        except TimeoutError:
            return Outcome(OutcomeKind.TRANSIENT, "timeout", "连接邮件服务器超时", digest)
        except OSError as exc:  # refused connection, reset, SMTPServerDisconnected
            return Outcome(OutcomeKind.TRANSIENT, "network", f"网络错误：{type(exc).__name__}", digest)
        return Outcome(OutcomeKind.OK, "250", "已送达邮件服务器", digest)
