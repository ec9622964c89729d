"""The server-error page: rendered without the request's context, so it needs no database."""

from django.http import HttpResponseServerError
from django.template import loader
from django.views.decorators.csrf import requires_csrf_token


@requires_csrf_token
def server_error(request, template_name: str = "500.html"):
    try:
        body = loader.get_template(template_name).render({})
    except Exception:  # the page of last resort must not fail in turn
        body = "<h1>Erreur du serveur</h1><p><a href='/'>Retour à l'accueil</a></p>"
    return HttpResponseServerError(body)
