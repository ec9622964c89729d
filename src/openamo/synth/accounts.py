"""Demo accounts: created or reset with a fresh password at each demo run."""

import secrets

from django.contrib.auth import get_user_model


def demo_password() -> str:
    return "Demo-" + secrets.token_urlsafe(9)


def demo_account_reset(*, username: str, first_name: str, last_name: str, superuser: bool = False):
    """The account, created if missing, with a new random password returned in clear once."""
    user, _ = get_user_model().objects.get_or_create(username=username)
    password = demo_password()
    user.first_name, user.last_name = first_name, last_name
    user.is_staff = user.is_superuser = superuser
    user.is_active = True
    user.set_password(password)
    user.save()
    return user, password
