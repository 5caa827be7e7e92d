"""Every write that matters for data-subject requests (Law 91/2025 Art. 4; Decree 356/2025 Art. 5).

Each service runs in one transaction, locks the request, checks ``TRANSITIONS``, writes the
change, a timeline event, an audit event and the outbox e-mails, and leaves every due date to
``pdp_portal.clock``.

The services live in sibling modules: ``service_base`` (what they share), ``intake`` (requests
coming in), ``handling`` (the organisation's actions) and ``third_parties``. Every public name
stays importable from here.
"""

from __future__ import annotations

import logging

from .handling import (  # noqa: F401
    VIEWED,
    on_time,
    request_assign,
    request_extend,
    request_fulfil,
    request_message,
    request_record_view,
    request_refuse,
    request_respond,
    request_withdraw,
)
from .intake import (  # noqa: F401
    intake_key_create,
    intake_key_revoke,
    request_confirm,
    request_enter,
    request_submit,
    request_timeline,
    requests_expire_unverified,
)
from .service_base import (  # noqa: F401
    ACTIONS_FROM,
    NEW_REQUEST,
    REFUSAL_GROUND,
    RUNNING,
    SUBJECT,
    SYSTEM,
    InvalidTransition,
    RightsError,
    action_label,
    tracking_url,
)
from .third_parties import (  # noqa: F401
    request_third_party_add,
    request_third_party_done,
)

log = logging.getLogger(__name__)
