from __future__ import annotations

from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from lianxin.ops.health import check_health


@login_not_required
@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """For load balancers and monitoring: 200 when healthy, 503 naming the failed checks."""
    health = check_health()
    return JsonResponse(health.as_json(), status=200 if health.ok else 503)
