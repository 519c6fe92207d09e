"""Events of gov sync (政企数据互联互通): an enterprise's sync targets (报送目标). No event carries a
secret: the AES key and the Basic credentials are kept encrypted beside the log
(adapters/secrets.py); an event says only that they were set."""

from __future__ import annotations

from libs.events import DomainEvent, EventRegistry

P = "shuangkong.gov_sync."


class SyncTargetConfigured(DomainEvent):
    """报送目标配置 (new, or its settings revised: the whole settings each time)."""

    TYPE = P + "SyncTargetConfigured"
    target_id: str
    enterprise_id: str
    name: str
    dialect: str  # park / uploader / provincial (domain/dialects)
    base_url: str
    entities: list[int]  # domain/snapshots.Entity values
    batch_size: int
    iv_rule: str  # key_as_iv: the platforms' rule (decision 60)
    ca_bundle: str | None  # a CA bundle path on the service's machine; None: the system's


class SyncTargetSecretsSet(DomainEvent):
    """密钥/凭据已设置: which secrets were set, never their values."""

    TYPE = P + "SyncTargetSecretsSet"
    target_id: str
    enterprise_id: str
    aes_key: bool
    credentials: bool


class SyncTargetRetired(DomainEvent):
    TYPE = P + "SyncTargetRetired"
    target_id: str
    enterprise_id: str


registry = EventRegistry().register_all([SyncTargetConfigured, SyncTargetSecretsSet, SyncTargetRetired])
