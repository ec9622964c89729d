"""Form pieces shared by every page."""

from django import forms


class DateInput(forms.DateInput):
    """The one date input of every page: the browser's date picker (shown jj/mm/aaaa on a page
    whose language is French), its value written ISO as the picker requires. Typed French
    dates (31/12/2025) are still read by the DateField."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")
