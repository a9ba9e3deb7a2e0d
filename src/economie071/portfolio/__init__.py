"""The portfolio: projects, their phases and roles, project cards per reporting period, budgets."""
