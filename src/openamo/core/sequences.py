from django.db import transaction
from django.db.models import F

from .models import Sequence


def sequence_take(name: str, count: int = 1) -> range:
    """`count` consecutive values of the sequence `name`, never handed out twice."""
    with transaction.atomic():
        Sequence.objects.get_or_create(name=name)
        Sequence.objects.filter(name=name).update(last_value=F("last_value") + count)
        last = Sequence.objects.get(name=name).last_value
    return range(last - count + 1, last + 1)
