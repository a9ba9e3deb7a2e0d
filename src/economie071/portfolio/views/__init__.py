"""The portfolio's pages: parse the request, call one service or selector, render.

The rules (who may do what, in which state of the round) live in `permissions`, `services`
and `selectors`; these modules only ask them.

- `projects`: the public project page, the portfolio search, and the programme office's
  project pages (new project, phase, project structure, budget, audit log);
- `cards`: a project card, its editor, its history, its Word download and the steps of
  the reporting round (submit, approve, publish, return, correct);
- `rounds`: the dashboard (the signed-in start page: one's own cards, the state of the
  round) and opening a reporting period.
"""
