"""Who configures sync targets: the enterprise's admin (the platform admin passes the tenant guard
too); who reads the readiness report: the admin and the safety officer, who fixes what it names."""

from libs.auth import Role

TARGET_WRITERS = (Role.ENTERPRISE_ADMIN, Role.PLATFORM_ADMIN)
READINESS_READERS = (Role.ENTERPRISE_ADMIN, Role.SAFETY_OFFICER)  # tenant data: not the platform admin
