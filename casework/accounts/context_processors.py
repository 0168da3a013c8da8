def roles(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"is_council": user.is_council, "current_organisation": user.organisation}
