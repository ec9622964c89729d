import pytest
from django.contrib.auth.models import Group

from openamo.portal.roles import PERMISSIONS, Role, roles_sync, user_role_grant

pytestmark = pytest.mark.django_db


def test_every_role_becomes_a_group_with_all_its_permissions():
    assert roles_sync() == {}
    assert Group.objects.count() == len(Role)
    processor = Group.objects.get(name="Liquidateur")
    granted = {f"{p.content_type.app_label}.{p.codename}" for p in processor.permissions.all()}
    assert granted == set(PERMISSIONS[Role.CLAIM_PROCESSOR])
    assert roles_sync() == {} and Group.objects.count() == len(Role)


def test_a_processor_may_adjudicate_but_not_edit_tariffs(django_user_model):
    roles_sync()
    user = django_user_model.objects.create_user("liquidateur", password="x-Secret-123")
    user_role_grant(user=user, role=Role.CLAIM_PROCESSOR)
    user = django_user_model.objects.get(pk=user.pk)
    assert user.is_staff
    assert user.has_perm("claims.change_claim") and user.has_perm("members.view_member")
    assert not user.has_perm("referentials.change_letterkeyvalue")
    assert not user.has_perm("claims.add_linereview")


def test_portal_roles_hold_no_model_permission(django_user_model):
    roles_sync()
    insured = django_user_model.objects.create_user("assure", password="x-Secret-123")
    user_role_grant(user=insured, role=Role.INSURED)
    insured = django_user_model.objects.get(pk=insured.pk)
    assert not insured.is_staff and insured.get_all_permissions() == set()
