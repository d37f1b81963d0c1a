"""The GeoReport v2 endpoints. Discovery and services are public; requests and tokens need an
active api_key and show only what the client's service account may see (anything else: 404).
Every refusal answers in the spec's error format, in the format the address asked for."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.core.exceptions import ValidationError
from django.core.signing import BadSignature
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET

from lianxin.casework.models import CasePhoto
from lianxin.core.permissions import NotInScope
from lianxin.open311 import payloads, selectors, services
from lianxin.open311.formats import Problem, errors, respond
from lianxin.open311.forms import problem_from, read_request
from lianxin.open311.models import Client
from lianxin.open311.photos import photo_from_token
from lianxin.open311.query import parse_request_query

View = Callable[..., HttpResponse]


def endpoint(*methods: str) -> Callable[[View], View]:
    """Answer only ``methods`` (else 405), and turn refusals into the error format."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            if request.method not in methods:
                response = errors(
                    fmt, 405, [_("This address answers %(methods)s only.") % {"methods": ", ".join(methods)}]
                )
                response["Allow"] = ", ".join(methods)
                return response
            try:
                return view(request, *args, fmt=fmt, **kwargs)
            except Problem as problem:
                return errors(fmt, problem.status, problem.descriptions)
            except Http404:
                return errors(fmt, 404, [_("Not found.")])

        return wrapped

    return decorate


def _client(request: HttpRequest) -> Client:
    posted = request.POST.get("api_key", "") if request.method == "POST" else ""
    key = (posted or request.GET.get("api_key", "")).strip()
    if not key:
        raise Problem(403, [_("api_key: it was not provided.")])
    client = selectors.client_for_key(key=key)
    if client is None:
        raise Problem(403, [_("api_key: it is not valid, or it was revoked.")])
    return client


def _known_codes() -> set[str]:
    return set(selectors.service_list().values_list("code", flat=True))


@endpoint("GET")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    base = reverse("open311:discovery", kwargs={"fmt": "xml"}).removesuffix("discovery.xml")
    return respond(fmt, "discovery", payloads.discovery(base_url=request.build_absolute_uri(base)))


@endpoint("GET")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    return respond(fmt, "services", [payloads.service(category) for category in selectors.service_list()])


@endpoint("GET")
def service_definition(request: HttpRequest, fmt: str, code: str) -> HttpResponse:
    category = selectors.service_list().filter(code=code).first()
    if category is None:
        raise Problem(404, [_("service_code: no such service: %(codes)s.") % {"codes": code}])
    return respond(fmt, "service_definition", payloads.definition(category))


@csrf_exempt  # authenticated by its api_key alone: cookies play no part, so CSRF cannot either
@endpoint("GET", "POST")
def request_list(request: HttpRequest, fmt: str) -> HttpResponse:
    client = _client(request)
    if request.method == "POST":
        return _submit(request, fmt, client)
    query = parse_request_query(request.GET, now=timezone.now(), known_codes=_known_codes)
    cases = selectors.request_search(client=client, query=query)
    found = [payloads.request(case, request.build_absolute_uri) for case in cases]
    return respond(fmt, "service_requests", found)


def _submit(request: HttpRequest, fmt: str, client: Client) -> HttpResponse:
    inbound = read_request(request.POST, client=client)
    try:
        submission, created = services.request_submit(
            client=client,
            data=inbound.data,
            fields=request.POST.lists(),
            device_id=inbound.device_id,
            account_id=inbound.account_id,
            media_url=inbound.media_url,
        )
    except ValidationError as exc:
        raise problem_from(exc) from exc
    except NotInScope as exc:
        raise Problem(400, [_("The place lies outside the area this api_key may report for.")]) from exc
    return respond(fmt, "service_requests", [payloads.created(submission)], status=201 if created else 200)


@endpoint("GET")
def request_detail(request: HttpRequest, fmt: str, number: str) -> HttpResponse:
    case = selectors.request_get(client=_client(request), number=number)
    return respond(fmt, "service_requests", [payloads.request(case, request.build_absolute_uri)])


@endpoint("GET")
def token_detail(request: HttpRequest, fmt: str, token: str) -> HttpResponse:
    submission = selectors.submission_get(client=_client(request), token=token)
    return respond(fmt, "service_requests", [payloads.token(submission)])


@require_GET
def photo(request: HttpRequest, token: str) -> FileResponse:
    """The first photo of a request, for whoever holds a fresh signed link to it."""
    try:
        case_id, photo_id = photo_from_token(token)
    except BadSignature as exc:
        raise Http404 from exc
    found = CasePhoto.objects.filter(pk=photo_id, case_id=case_id, case__is_confidential=False).first()
    if found is None:
        raise Http404
    response = FileResponse(found.image.open("rb"), content_type=found.content_type)
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other address under the interface: 404 in the error format (XML unless .json)."""
    return errors("json" if rest.endswith(".json") else "xml", 404, [_("Not found.")])
