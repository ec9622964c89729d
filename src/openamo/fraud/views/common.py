from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError

VIEW_360 = "fraud.view_360"
VIEW_ALERT = "fraud.view_alert"
CHANGE_ALERT = "fraud.change_alert"
VIEW_CASE = "fraud.view_case"
ADD_CASE = "fraud.add_case"
CHANGE_CASE = "fraud.change_case"


def controller(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def errors_to_messages(request, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error[:1].upper() + error[1:])
