"""Every write of the networks app, keyword-only and atomic, with its audit entry.

- waves.py: create, edit, open and close a survey wave (closing stores the measures
  snapshot), the response rate and the reminders to the organisations that have not answered;
- responses.py: an organisation's answer (its declared ties, draft or submitted) and the
  organisations added from the survey when they were not yet listed;
- ties.py: the ties recorded by the programme team (mentors, facilitators, admins).

Observed ties are derived in `tessere.networks.observed`.
"""

from .responses import (
    TieRowError,
    add_organisation_from_survey,
    check_declared_ties,
    save_response,
)
from .ties import TieContent, end_tie, record_tie, update_tie
from .waves import (
    WaveContent,
    close_wave,
    create_wave,
    expected_organisation_ids,
    open_wave,
    response_rate,
    send_wave_reminders,
    update_wave,
)

__all__ = [
    "TieContent",
    "TieRowError",
    "WaveContent",
    "add_organisation_from_survey",
    "check_declared_ties",
    "close_wave",
    "create_wave",
    "end_tie",
    "expected_organisation_ids",
    "open_wave",
    "record_tie",
    "response_rate",
    "save_response",
    "send_wave_reminders",
    "update_tie",
    "update_wave",
]
