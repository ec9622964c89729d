"""Which panels a staff user's home shows: one per role held (the groups of `portal.roles`),
in the order of the work; a superuser sees the administrator's summary."""

from openamo.portal.roles import Role

from . import Panel
from .admin import admin_panel
from .analytics import analyst_panel
from .audit import audit_panel
from .authorizations import delegation_panel, reviewer_panel
from .claims import processor_panel
from .complaints import complaints_panel
from .contributions import contributions_panel
from .fraud import fraud_panel
from .members import members_panel
from .payments import payment_panel

BUILDERS = {
    Role.CLAIM_PROCESSOR: processor_panel,
    Role.MEDICAL_REVIEWER: reviewer_panel,
    Role.DELEGATION_AGENT: delegation_panel,
    Role.MEMBERS_OFFICER: members_panel,
    Role.CONTRIBUTIONS_OFFICER: contributions_panel,
    Role.PAYMENT_OFFICER: payment_panel,
    Role.FRAUD_CONTROLLER: fraud_panel,
    Role.COMPLAINTS_AGENT: complaints_panel,
    Role.ANALYST: analyst_panel,
    Role.AUDITOR: audit_panel,
    Role.ADMINISTRATOR: admin_panel,
}
_BY_LABEL = {str(role.label): role for role in Role}


def staff_roles(user) -> list[Role]:
    """The roles the user holds (by their groups), in the order of `Role`."""
    held = {
        _BY_LABEL[name] for name in user.groups.values_list("name", flat=True) if name in _BY_LABEL
    }
    if user.is_superuser:
        held.add(Role.ADMINISTRATOR)
    return [role for role in Role if role in held]


def staff_panels(user, *, roles: list[Role] | None = None, today, now) -> list[Panel]:
    roles = staff_roles(user) if roles is None else roles
    return [BUILDERS[role](user=user, today=today, now=now) for role in roles if role in BUILDERS]
