"""Who gets a copy of each message, on which push channel, at which address: set-wise for a
batch of messages (a few queries whatever the batch size).

The people of a recipient are its portal users (the family's insured accounts, the employer's,
broker's or mutuelle's agents, the establishment's provider accounts); each chooses per channel
(`Preference`, on by default). E-mail goes to each consenting person's own address, or to the
recipient's contact address; SMS goes to the recipient's contact phone when one of its people
consents. A recipient without portal users gets both copies at its contact addresses. A legal
notice ignores the choices; a message on a forced channel (a code by SMS) goes there only.
"""

from collections import defaultdict
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model

from .models import Notification, NotificationChannel, Preference

EMAIL, SMS, PORTAL = NotificationChannel.EMAIL, NotificationChannel.SMS, NotificationChannel.PORTAL


@dataclass
class Person:
    user_id: int
    email: str
    choices: dict = field(default_factory=dict)  # channel → accepted

    def accepts(self, channel: str) -> bool:
        return self.choices.get(channel, True)


@dataclass
class Contact:
    email: str = ""
    phone: str = ""
    people: list[Person] = field(default_factory=list)


# recipient kind → (how its portal users are found from the user, the contact fields)
USER_LINK = {
    "employer": "portal_access__employer_id",
    "broker": "portal_access__broker_id",
    "mutuelle": "portal_access__mutuelle_id",
    "provider": "provider_access__provider_id",
    "member": "portal_access__member_id",
}


def _contacts(notifications: list[Notification]) -> dict[tuple[str, int], Contact]:
    """(kind, id) → the contact addresses and people, for every recipient in the batch."""
    from django.apps import apps

    wanted: dict[str, set[int]] = defaultdict(set)
    member_of: dict[int, int] = {}
    beneficiary_ids = {n.beneficiary_id for n in notifications if n.beneficiary_id}
    if beneficiary_ids:
        Beneficiary = apps.get_model("members", "Beneficiary")
        member_of = dict(
            Beneficiary.objects.filter(id__in=beneficiary_ids).values_list("id", "member_id")
        )
        wanted["member"] = set(member_of.values())
    for n in notifications:
        for kind in ("employer", "broker", "mutuelle", "provider"):
            if (pk := getattr(n, f"{kind}_id")) is not None:
                wanted[kind].add(pk)
    models = {
        "member": apps.get_model("members", "Member"),
        "employer": apps.get_model("members", "Employer"),
        "broker": apps.get_model("members", "Broker"),
        "mutuelle": apps.get_model("members", "Mutuelle"),
        "provider": apps.get_model("referentials", "Provider"),
    }
    contacts: dict[tuple[str, int], Contact] = {}
    for kind, ids in wanted.items():
        model = models[kind]
        has = {f.name for f in model._meta.get_fields()}
        columns = ["id"] + [c for c in ("email", "phone") if c in has]
        for row in model.objects.filter(id__in=ids).values(*columns):
            contacts[(kind, row["id"])] = Contact(row.get("email", ""), row.get("phone", ""))
        users = get_user_model().objects.filter(**{f"{USER_LINK[kind]}__in": ids}, is_active=True)
        for user_id, email, owner in users.values_list("id", "email", USER_LINK[kind]):
            contacts[(kind, owner)].people.append(Person(user_id, email))
    _choices([p for c in contacts.values() for p in c.people])
    for n in notifications:
        n._contact_key = (
            ("member", member_of.get(n.beneficiary_id))
            if n.beneficiary_id
            else next(
                (kind, getattr(n, f"{kind}_id"))
                for kind in ("employer", "broker", "mutuelle", "provider")
                if getattr(n, f"{kind}_id") is not None
            )
        )
    return contacts


def _choices(people: list[Person]) -> None:
    by_user = {p.user_id: p for p in people}
    rows = Preference.objects.filter(user_id__in=list(by_user)).values_list(
        "user_id", "channel", "enabled"
    )
    for user_id, channel, enabled in rows:
        by_user[user_id].choices[channel] = enabled


def copies(notification: Notification, contact: Contact | None) -> list[tuple[str, str]]:
    """The (channel, address) copies of one message (pure: the contact is already loaded)."""
    if contact is None:
        return []
    forced = notification.channel
    if forced == SMS:
        return [(SMS, contact.phone)] if contact.phone else []
    if forced == EMAIL:
        return [(EMAIL, contact.email)] if contact.email else []
    if forced != PORTAL:  # paper mail is printed elsewhere
        return []
    legal, people = notification.legal, contact.people
    out: list[tuple[str, str]] = []
    if not people:
        emails = [contact.email] if contact.email else []
    else:
        emails = [p.email or contact.email for p in people if legal or p.accepts(EMAIL)]
    for address in dict.fromkeys(a for a in emails if a):
        out.append((EMAIL, address))
    if contact.phone and (not people or legal or any(p.accepts(SMS) for p in people)):
        out.append((SMS, contact.phone))
    return out


def copies_of(notifications: list[Notification]) -> dict[int, list[tuple[str, str]]]:
    contacts = _contacts(notifications)
    return {n.pk: copies(n, contacts.get(n._contact_key)) for n in notifications}
