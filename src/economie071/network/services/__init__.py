"""Every write to the network: one keyword-only function per use case, each in its own
transaction, each writing an audit entry (``network.<entity>.<verb>``); one module per
topic (profiles, contacts, challenges, trajectories, experts).

`actor` is the user doing it; None means the platform itself (the demo loader), which is
trusted. Every check runs before anything is written, so a refused request leaves the
database as it was. A refusal is a NetworkError whose ``code`` names the field.

Callers use the package: ``from economie071.network import services;
services.profile_update(...)``.
"""

from economie071.network.services.challenges import (
    CHALLENGE_DETAIL_FIELDS,
    challenge_match_team,
    challenge_post,
    challenge_publish,
    challenge_status_change,
    challenge_update,
    result_add,
    school_year_of,
)
from economie071.network.services.contacts import (
    CONTACT_REQUEST_MAIL,
    contact_possible,
    contact_request_forwarded,
    contact_request_send,
    contact_request_set_handled,
    contact_subject,
)
from economie071.network.services.experts import expert_entry_upsert, referral_record
from economie071.network.services.profiles import (
    EDITOR_FIELDS,
    OFFICE_FIELDS,
    PROFILE_FIELDS,
    ExchangeInput,
    profile_create,
    profile_editor_add,
    profile_editor_remove,
    profile_set_exchanges,
    profile_update,
)
from economie071.network.services.trajectories import (
    TRAJECTORY_TEXT_FIELDS,
    trajectory_close,
    trajectory_create,
    trajectory_phase_change,
    trajectory_set_follow_up,
    trajectory_update,
)

__all__ = [
    "EDITOR_FIELDS",
    "ExchangeInput",
    "OFFICE_FIELDS",
    "PROFILE_FIELDS",
    "profile_create",
    "profile_editor_add",
    "profile_editor_remove",
    "profile_set_exchanges",
    "profile_update",
    "CONTACT_REQUEST_MAIL",
    "contact_request_set_handled",
    "contact_subject",
    "contact_possible",
    "contact_request_forwarded",
    "contact_request_send",
    "CHALLENGE_DETAIL_FIELDS",
    "challenge_match_team",
    "challenge_post",
    "challenge_publish",
    "challenge_status_change",
    "challenge_update",
    "result_add",
    "school_year_of",
    "TRAJECTORY_TEXT_FIELDS",
    "trajectory_close",
    "trajectory_create",
    "trajectory_phase_change",
    "trajectory_set_follow_up",
    "trajectory_update",
    "expert_entry_upsert",
    "referral_record",
]
