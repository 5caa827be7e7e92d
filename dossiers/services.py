"""Every write on the register and the dossiers: save, submit, review, and the clocks they move.

The writes live in sibling modules: ``service_base`` (what they share), ``requirements`` (the duty
to file), ``register`` (the processing register), ``working`` (the draft), ``submission`` and
``review`` (the agency's). Every name stays importable from here.
"""

# Callers and tests read these from here too, as when the writes were in this module.
from django.core.exceptions import ValidationError  # noqa: F401
from django.utils import timezone  # noqa: F401

from .register import (  # noqa: F401
    ACTIVITY_FIELDS,
    MAX_SUBJECTS,
    RECIPIENT_FIELDS,
    TRANSFER_FIELDS,
    _change,
    _delete_audited,
    _periodic_start,
    _sync_file_clock,
    _sync_update_clocks,
    _validate_activity,
    activity_delete,
    activity_save,
    change_declare,
    pending_changes,
    recipient_delete,
    recipient_save,
    register_sync,
    transfer_delete,
    transfer_save,
)
from .requirements import (  # noqa: F401
    Requirement,
    dossier_deadlines,
    dossiers_clocks,
    requirement,
    sanction_flag,
)
from .review import (  # noqa: F401
    _decide,
    _require_regulator,
    dossier_accept,
    dossier_assign,
    dossier_request_completion,
    next_version_number,
    open_completion_request,
)
from .service_base import (  # noqa: F401
    COMPLETE,
    FILE,
    IMMEDIATE,
    PERIODIC,
    REVIEW,
    RUNNING,
    VN,
    Status,
    _check,
    _lock,
    _locked,
    _meet_running,
    _open,
    _org_people,
    _refresh,
    _regulators,
    _row_for_write,
    _start_of,
    _user,
)
from .submission import (  # noqa: F401
    change_summary_text,
    dossier_submit,
    missing_text,
    read_change_summaries,
)
from .working import (  # noqa: F401
    _clean_answers,
    _next_reference,
    dossier_open,
    dossier_save_answers,
    enclosure_add,
    enclosure_remove,
)
