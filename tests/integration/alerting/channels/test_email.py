"""E-mail through a real SMTP server (aiosmtpd) that receives the message, as a relay would."""

from __future__ import annotations

import hashlib
import ssl
from dataclasses import replace
from datetime import timedelta
from email import message_from_bytes
from email.policy import default

import pytest
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult

from libs.runtime.process import free_port
from services.alerting.channels.adapters.email import Email, SmtpOptions
from services.alerting.channels.domain.compose import compose
from services.alerting.channels.domain.delivery import ChannelKind, OutcomeKind
from services.alerting.channels.domain.rendering import AlertKind, AlertNotice, Level
from tests.integration.alerting.channels.tls import make_pki


class Mailbox:
    """Keeps every message; refuses the next recipients it is told to, with the reply given."""

    def __init__(self) -> None:
        self.envelopes: list = []
        self.refusals: list[str] = []
        self.port = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.refusals:
            return self.refusals.pop(0)
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.envelopes.append(envelope)
        return "250 Message accepted for delivery"


@pytest.fixture
def mailbox():
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port())
    controller.start()
    box.port = controller.port
    yield box
    controller.stop()


def _delivery(clock, to="zhang.san@plant.example.cn"):
    notice = AlertNotice(alert_id="alert-7", kind=AlertKind.TASK_OVERDUE, level=Level.TEAM, cause="反应釜压力巡检",
                         deadline=clock.now() - timedelta(hours=3), link_path="/alerts/alert-7",
                         occurrence="12月3日 白班")
    return compose(notice, ChannelKind.EMAIL, "p-zhang", to, clock.now(), "https://sk.plant.cn")


def _email(port: int, clock, **overrides) -> Email:
    options = SmtpOptions(**{**dict(host="127.0.0.1", port=port, sender="alerts@plant.example.cn",
                                    security="none", timeout_s=5), **overrides})
    return Email(options, clock.now)


async def test_a_chinese_subject_and_body_arrive_intact(mailbox, clock):
    delivery = _delivery(clock)
    outcome = await _email(mailbox.port, clock).send(delivery)
    assert (outcome.kind, outcome.code) == (OutcomeKind.OK, "250")
    [envelope] = mailbox.envelopes
    assert envelope.mail_from == "alerts@plant.example.cn"
    assert envelope.rcpt_tos == ["zhang.san@plant.example.cn"]
    raw = envelope.original_content
    assert raw.isascii()  # encoded words and base64: no relay needs 8BITMIME
    assert b"=?utf-8?" in raw.split(b"\r\n\r\n", 1)[0]
    assert hashlib.sha256(raw).hexdigest() == outcome.digest
    mail = message_from_bytes(raw, policy=default)
    assert mail["Subject"] == "【双控提醒】排查任务超期未排查（第2级提醒·班组长）：反应釜压力巡检"
    assert mail["From"].addresses[0].display_name == "双控系统"
    assert mail["Message-ID"] == f"<{delivery.delivery_id}@plant.example.cn>"
    assert mail.get_content_charset() == "utf-8"
    body = mail.get_content()
    assert "事由：反应釜压力巡检（12月3日 白班）" in body
    assert "已超期 3小时" in body
    assert "处理入口：https://sk.plant.cn/alerts/alert-7" in body


async def test_refusals_are_classified_by_reply_code(mailbox, clock):
    mailbox.refusals = ["550 5.1.1 User unknown", "451 4.7.1 Greylisted, try again later"]
    email = _email(mailbox.port, clock)
    unknown = await email.send(_delivery(clock))
    greylisted = await email.send(_delivery(clock))
    assert (unknown.kind, unknown.code) == (OutcomeKind.PERMANENT, "550")
    assert "User unknown" in unknown.message
    assert (greylisted.kind, greylisted.code) == (OutcomeKind.TRANSIENT, "451")
    assert mailbox.envelopes == []
    bad = await email.send(replace(_delivery(clock), target="不是邮箱"))
    assert (bad.kind, bad.code) == (OutcomeKind.PERMANENT, "bad_address")


async def test_no_server_is_a_transient_network_error(clock):
    outcome = await _email(free_port(), clock).send(_delivery(clock))
    assert (outcome.kind, outcome.code) == (OutcomeKind.TRANSIENT, "network")


async def test_starttls_verifies_the_servers_certificate(clock, tmp_path):
    pki = make_pki(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert_file, pki.key_file)
    box = Mailbox()
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), tls_context=context, require_starttls=True)
    controller.start()
    try:
        refused = await _email(controller.port, clock, security="starttls").send(_delivery(clock))
        accepted = await _email(controller.port, clock, security="starttls", ca_file=pki.ca_file,
                                username=None).send(_delivery(clock))
    finally:
        controller.stop()
    assert (refused.kind, refused.code) == (OutcomeKind.PERMANENT, "tls_verify_failed")
    assert accepted.ok
    assert len(box.envelopes) == 1


async def test_implicit_tls_with_a_login(clock, tmp_path):
    pki = make_pki(tmp_path)
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(pki.cert_file, pki.key_file)
    logins: list[tuple[bytes, bytes]] = []

    def authenticator(server, session, envelope, mechanism, auth_data):
        logins.append((auth_data.login, auth_data.password))
        return AuthResult(success=auth_data.password == b"pass-ok", handled=False)  # the server answers 535

    box = Mailbox()
    # TLS from the first byte; aiosmtpd's auth_require_tls knows only STARTTLS, hence False.
    controller = Controller(box, hostname="127.0.0.1", port=free_port(), ssl_context=context,
                            authenticator=authenticator, auth_require_tls=False)
    controller.start()
    try:
        options = dict(security="tls", ca_file=pki.ca_file, username="alerts")
        accepted = await _email(controller.port, clock, password="pass-ok", **options).send(_delivery(clock))
        refused = await _email(controller.port, clock, password="wrong", **options).send(_delivery(clock))
    finally:
        controller.stop()
    assert accepted.ok, accepted
    assert (refused.kind, refused.code) == (OutcomeKind.PERMANENT, "535")
    assert logins[0] == (b"alerts", b"pass-ok")
    assert len(box.envelopes) == 1


def test_credentials_only_over_tls_and_in_ascii():
    with pytest.raises(ValueError):
        SmtpOptions(host="h", port=25, sender="a@b.cn", security="none", username="u", password="p")
    with pytest.raises(ValueError):  # smtplib's AUTH sends ASCII only: refused at start, not at 3 a.m.
        SmtpOptions(host="h", port=465, sender="a@b.cn", security="tls", username="u", password="口令")
