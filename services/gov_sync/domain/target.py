"""A sync target (报送目标): one government platform an enterprise reports to, as a stream of its own
(`synctarget-<id>`). Its rules: a known dialect, an HTTPS address (certificates verified: a
platform's address in plain HTTP would carry the Basic credentials in clear), the entities it takes,
a batch size the platforms accept."""

from __future__ import annotations

from urllib.parse import urlsplit

from libs.aggregate import Aggregate, DomainConflict, DomainError
from services.gov_sync.domain.dialects import DIALECTS
from services.gov_sync.domain.events import SyncTargetConfigured, SyncTargetRetired, SyncTargetSecretsSet
from services.gov_sync.domain.snapshots import Entity

IV_RULES = ("key_as_iv",)  # the platforms' one rule (decision 60); a field so another can be added
MAX_BATCH = 500


def check_settings(dialect: str, base_url: str, entities: list[int], batch_size: int, iv_rule: str) -> None:
    if dialect not in DIALECTS:
        raise DomainError(f"未知的平台接口类型: {dialect}（可选: {'、'.join(DIALECTS)}）", field="dialect")
    parts = urlsplit(base_url)
    if parts.scheme != "https" or not parts.hostname:
        raise DomainError("平台地址须为 https:// 开头的完整地址（证书校验开启）", field="base_url")
    if not entities:
        raise DomainError("至少选择一类报送数据", field="entities")
    unknown = sorted(set(entities) - {e.value for e in Entity})
    if unknown:
        raise DomainError(f"未知的报送数据类型: {unknown}（1 风险分析单元 … 6 隐患信息）", field="entities")
    if not 1 <= batch_size <= MAX_BATCH:
        raise DomainError(f"每批条数须在 1 到 {MAX_BATCH} 之间", field="batch_size")
    if iv_rule not in IV_RULES:
        raise DomainError(f"未知的 IV 规则: {iv_rule}（可选: {'、'.join(IV_RULES)}）", field="iv_rule")


class SyncTarget(Aggregate):
    def __init__(self, aggregate_id: str) -> None:
        super().__init__(aggregate_id)
        self.enterprise_id = ""
        self.settings: SyncTargetConfigured | None = None
        self.has_aes_key = False
        self.has_credentials = False
        self.retired = False

    @classmethod
    def configure_new(cls, target_id: str, enterprise_id: str, **settings) -> SyncTarget:
        target = cls(target_id)
        target.enterprise_id = enterprise_id
        target.configure(**settings)
        return target

    def configure(self, *, name: str, dialect: str, base_url: str, entities: list[int], batch_size: int,
                  iv_rule: str, ca_bundle: str | None) -> None:
        self._refuse_retired()
        check_settings(dialect, base_url, entities, batch_size, iv_rule)
        self._record(SyncTargetConfigured(
            target_id=self.id, enterprise_id=self.enterprise_id, name=name, dialect=dialect,
            base_url=base_url.rstrip("/"), entities=sorted(set(entities)), batch_size=batch_size,
            iv_rule=iv_rule, ca_bundle=ca_bundle))

    def secrets_set(self, *, aes_key: bool, credentials: bool) -> None:
        self._refuse_retired()
        if not (aes_key or credentials):
            raise DomainError("未提供任何密钥或凭据", field="aes_key")
        self._record(SyncTargetSecretsSet(target_id=self.id, enterprise_id=self.enterprise_id,
                                          aes_key=aes_key, credentials=credentials))

    def retire(self) -> None:
        self._refuse_retired()
        self._record(SyncTargetRetired(target_id=self.id, enterprise_id=self.enterprise_id))

    def _refuse_retired(self) -> None:
        if self.retired:
            raise DomainConflict("报送目标已停用")

    def when_SyncTargetConfigured(self, e: SyncTargetConfigured) -> None:  # noqa: N802
        self.enterprise_id, self.settings = e.enterprise_id, e

    def when_SyncTargetSecretsSet(self, e: SyncTargetSecretsSet) -> None:  # noqa: N802
        self.has_aes_key = self.has_aes_key or e.aes_key
        self.has_credentials = self.has_credentials or e.credentials

    def when_SyncTargetRetired(self, _e: SyncTargetRetired) -> None:  # noqa: N802
        self.retired = True
