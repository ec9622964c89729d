"""`Cache-Control: no-store` and `Pragma: no-cache` on every dynamic response.

Statements (page and PDF), the insured space, the provider pages, the REST and the FHIR
answers carry personal or medical data that no browser, proxy or shared cache may keep. Rather
than listing those views (and forgetting the next one), every response produced by the
application gets the headers; static files are answered by WhiteNoise before this middleware
and keep their long cache lifetime. A response that already forbids storing keeps its header.
"""

NO_STORE = "no-store, private"


class NoStoreMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = NO_STORE
        response["Pragma"] = "no-cache"
        return response
