from .services import current_request


class AuditRequestMiddleware:
    """Makes the request known to audit records written far from any view (signal receivers).

    A group membership or a case share changed in the admin is recorded with the admin's
    account and address; outside a request (a management command) there is neither.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self.get_response(request)
        finally:
            current_request.reset(token)
