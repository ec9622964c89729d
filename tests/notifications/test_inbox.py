"""The portal inbox: each audience sees its own messages only, the unread counter in the top
bar, reading marks read, mark all as read; the preferences page."""

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from openamo.notifications.models import Preference
from openamo.notifications.services import notification_queue

pytestmark = pytest.mark.django_db


def _queue(subject, **recipient):
    return notification_queue(event="x", subject=subject, body=f"Corps : {subject}", **recipient)


@pytest.fixture
def messages(world):
    mine = [_queue(f"Famille {n}", beneficiary=world.holder) for n in range(3)]
    code = _queue("Code", beneficiary=world.holder, channel="sms")
    other = _queue("Autre famille", beneficiary=world.other.beneficiaries.get(rank=0))
    boss = _queue("Déclaration manquante", employer=world.employer)
    return {"mine": mine, "code": code, "other": other, "boss": boss}


def test_the_insured_reads_the_family_inbox_only(client, world, messages):
    client.force_login(world.insured)
    page = client.get(reverse("portal:notifications:insured_inbox"))
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count("Famille ") == 3
    assert "Autre famille" not in html and "Déclaration manquante" not in html
    assert "Code" not in html  # a code sent by SMS only stays out of the inbox
    assert 'class="counter"' in html and ">3</span>" in html


def test_reading_marks_read_and_lowers_the_counter(client, world, messages):
    client.force_login(world.insured)
    first = messages["mine"][0]
    page = client.get(reverse("portal:notifications:message", args=[first.pk]))
    assert page.status_code == 200 and "Corps : Famille 0" in page.content.decode()
    first.refresh_from_db()
    assert first.read_at is not None
    home = client.get(reverse("portal:notifications:insured_inbox")).content.decode()
    assert ">2</span>" in home
    second = messages["mine"][1]
    answer = client.post(reverse("portal:notifications:mark_read", args=[second.pk]))
    assert answer.status_code == 302
    second.refresh_from_db()
    assert second.read_at is not None
    client.post(reverse("portal:notifications:mark_all_read"))
    assert all(
        m.read_at for m in type(first).objects.filter(beneficiary=world.holder, channel="portal")
    )
    home = client.get(reverse("portal:notifications:insured_inbox")).content.decode()
    assert 'class="counter"' not in home


def test_another_family_s_message_answers_404(client, world, messages):
    client.force_login(world.insured)
    foreign = messages["other"].pk
    assert client.get(reverse("portal:notifications:message", args=[foreign])).status_code == 404
    assert client.post(reverse("portal:notifications:mark_read", args=[foreign])).status_code == 404
    assert (
        client.get(reverse("portal:notifications:message", args=[messages["boss"].pk])).status_code
        == 404
    )
    assert (
        client.get(reverse("portal:notifications:message", args=[messages["code"].pk])).status_code
        == 404
    )
    client.post(reverse("portal:notifications:mark_all_read"))
    messages["other"].refresh_from_db()
    messages["boss"].refresh_from_db()
    assert messages["other"].read_at is None and messages["boss"].read_at is None


def test_the_employer_has_its_own_inbox(client, world, messages):
    client.force_login(world.employer_user)
    html = client.get(reverse("portal:notifications:employer_inbox")).content.decode()
    assert "Déclaration manquante" in html and "Famille" not in html
    assert client.get(reverse("portal:notifications:insured_inbox")).status_code == 404
    assert (
        client.get(
            reverse("portal:notifications:message", args=[messages["mine"][0].pk])
        ).status_code
        == 404
    )


def test_staff_have_no_inbox(client, world, messages):
    staff = get_user_model().objects.create_user("agent", password="x", is_staff=True)
    client.force_login(staff)
    assert (
        client.get(
            reverse("portal:notifications:message", args=[messages["mine"][0].pk])
        ).status_code
        == 404
    )
    assert client.get(reverse("portal:notifications:preferences")).status_code == 404
    assert 'class="inboxlink"' not in client.get(reverse("portal:profile")).content.decode()


def test_preferences_are_saved_per_person(client, world):
    client.force_login(world.insured)
    url = reverse("portal:notifications:preferences")
    page = client.get(url)
    assert page.status_code == 200 and 'name="email"' in page.content.decode()
    client.post(url, {"email": "on"})
    chosen = dict(Preference.objects.filter(user=world.insured).values_list("channel", "enabled"))
    assert chosen == {"email": True, "sms": False}
    assert not Preference.objects.filter(user=world.employer_user).exists()
