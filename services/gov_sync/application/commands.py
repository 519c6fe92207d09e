"""The commands of gov sync, also their HTTP bodies. Secrets are taken as typed (not trimmed) and
are write-only: no answer carries them back."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, StringConstraints

from libs.commands import AggregateCommand, EnterpriseCommand
from libs.names import Name
from services.gov_sync.domain.snapshots import Entity

# The formats the handler checks with its own Chinese message, stated in the document too.
AesKey = Annotated[str, StringConstraints(strip_whitespace=False, max_length=200),
                   Field(json_schema_extra={"pattern": "^[!-~]{16}$"})]
Credentials = Annotated[str, StringConstraints(strip_whitespace=False, max_length=200),
                        Field(json_schema_extra={"pattern": "^[^:]+:.+$"})]
Dialect = Literal["park", "uploader", "provincial"]  # domain/dialects.DIALECTS


class TargetSettings(EnterpriseCommand):
    name: Name = Field(..., min_length=1, max_length=100, description="报送目标名称")
    dialect: Dialect = Field(..., description="平台接口类型: park 化工园区, uploader 省级上报, provincial 省级文档")
    base_url: str = Field(..., min_length=1, max_length=500, description="平台地址 (https)",
                          json_schema_extra={"pattern": "^https://[^/]+"})
    entities: list[Entity] = Field(..., max_length=6, description="报送的数据: 1 风险分析单元 2 风险事件 3 管控措施 "
                                                               "4 排查任务 5 排查记录 6 隐患信息")
    batch_size: int = Field(20, description="每批条数 (默认 20, 1–500)",
                            json_schema_extra={"minimum": 1, "maximum": 500})
    iv_rule: Literal["key_as_iv"] = Field("key_as_iv", description="AES IV 规则: key_as_iv 以密钥为 IV (平台规定)")
    ca_bundle: str | None = Field(None, max_length=500, description="CA 证书文件路径; 空: 系统证书")


class ConfigureTarget(TargetSettings):
    """新建报送目标; 密钥与凭据可同时给出 (只写, 不可读回)。"""

    aes_key: AesKey | None = Field(None, description="AES-128 密钥 (16 个字符), 只写")
    credentials: Credentials | None = Field(None, description="Basic 认证 用户名:密码, 只写")


class ReviseTarget(TargetSettings, AggregateCommand):
    """修改报送目标的设置 (整体替换)。"""


class SetTargetSecrets(AggregateCommand):
    """设置或轮换密钥与凭据 (只写)。"""

    aes_key: AesKey | None = Field(None, description="AES-128 密钥 (16 个字符), 只写")
    credentials: Credentials | None = Field(None, description="Basic 认证 用户名:密码, 只写")


class RetireTarget(AggregateCommand):
    """停用报送目标 (其流水与已报送记录的账保留)。"""
