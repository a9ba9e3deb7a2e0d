"""Every write to the portfolio: one function per use case, each in its own transaction;
one module per topic (projects, cards, budgets).

`actor` is the user doing it; None means the platform itself (a management command such as
load_demo), which is trusted. Services check permissions themselves, so no caller can skip
a rule, and write an audit entry for every state change.

Callers use the package: ``from economie071.portfolio import services;
services.card_submit(...)``.
"""

from economie071.portfolio.services.budgets import (
    budget_line_confirm,
    budget_line_create,
    budget_line_remove,
    budget_lines_carry_over,
)
from economie071.portfolio.services.cards import (
    CardContent,
    card_approve,
    card_create,
    card_publish,
    card_return,
    card_start_correction,
    card_submit,
    card_update,
    period_open,
)
from economie071.portfolio.services.projects import (
    line_of_action_create,
    project_change_phase,
    project_create,
    role_assign,
    role_end,
)

__all__ = [
    "line_of_action_create",
    "project_change_phase",
    "project_create",
    "role_assign",
    "role_end",
    "CardContent",
    "card_approve",
    "card_create",
    "card_publish",
    "card_return",
    "card_start_correction",
    "card_submit",
    "card_update",
    "period_open",
    "budget_line_create",
    "budget_line_confirm",
    "budget_line_remove",
    "budget_lines_carry_over",
]
