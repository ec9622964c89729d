from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError

VIEW_RUN = "payments.view_paymentrun"
ADD_RUN = "payments.add_paymentrun"
CHANGE_ORDER = "payments.change_paymentorder"
VIEW_HOLD = "payments.view_paymenthold"
ADD_HOLD = "payments.add_paymenthold"
CHANGE_HOLD = "payments.change_paymenthold"


def staff(permission):
    def wrap(view):
        return login_required(permission_required(permission, raise_exception=True)(view))

    return wrap


def errors_to_messages(request, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error[:1].upper() + error[1:])


def errors_to_form(form, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            form.add_error(field if field in form.fields else None, error)
