"""What a log-in writes into the session: when it began, when it was last used, and whether
a second factor is still due. Read by ``lianxin.core.security.middleware``."""

from __future__ import annotations

import time
from typing import Any

from django.contrib.auth.signals import user_logged_in

LOGIN_AT = "_lx_login_at"
SEEN_AT = "_lx_seen_at"
SECOND_FACTOR = "_lx_2fa"  # "verify": a code is due; "setup": a device must be set up; absent: done


def on_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    from lianxin.core.security.otp import confirmed_device, second_factor_required

    session = getattr(request, "session", None)
    if session is None:
        return
    now = int(time.time())
    session[LOGIN_AT] = now
    session[SEEN_AT] = now
    session.pop(SECOND_FACTOR, None)
    if confirmed_device(user) is not None:
        session[SECOND_FACTOR] = "verify"
    elif second_factor_required(user):
        session[SECOND_FACTOR] = "setup"


def connect() -> None:
    user_logged_in.connect(on_login, dispatch_uid="lianxin.security.login")
