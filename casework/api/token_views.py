"""The settings page's API tokens: make one (its key shown once), revoke one."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import selectors, services
from .forms import ApiTokenForm


@require_POST
def api_token_create(request):
    form = ApiTokenForm(request.POST)
    if form.is_valid():
        try:
            token, key = services.api_token_create(user=request.user, **form.service_kwargs())
        except services.TokenError as error:
            form.add_error(None, str(error))
        else:
            # Shown on this page once; the page is never cached (PrivateNoStoreMiddleware).
            return render(request, "api/token_created.html", {"token": token, "key": key})
    return render(request, "api/token_form.html", {"form": form}, status=400)


@require_POST
def api_token_revoke(request, pk):
    # Another person's token answers 404, as one that does not exist.
    token = get_object_or_404(selectors.api_tokens_of(request.user), pk=pk)
    services.api_token_revoke(token=token, actor=request.user)
    messages.success(request, _("The token “%(name)s” no longer works.") % {"name": token.name})
    return redirect("account_settings")
