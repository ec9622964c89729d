"""Documents: files kept behind Django's storage API, checked at upload, served under the
scope of the object they belong to."""
