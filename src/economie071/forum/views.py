"""Forum071 pages: parse the request, call one service or selector, render.

Reading is public; hidden posts are shown only to moderators, with the reason. Asking,
answering, following and reporting need a login; moderation needs a moderator (the
services check all of this again).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from economie071.core.forms import apply_error, error_message
from economie071.core.programme import programme_or_404
from economie071.forum import forms, permissions, selectors, services
from economie071.forum.exceptions import ForumError, RateLimited
from economie071.forum.models import Answer

PAGE_SIZE = 20


def _require_moderator(request) -> None:
    if not permissions.is_moderator(request.user):
        raise PermissionDenied


def _topic_or_404(slug):
    topic = selectors.topic_by_slug(programme=programme_or_404(), slug=slug)
    if topic is None:
        raise Http404(_("There is no topic here."))
    return topic


def _question_or_404(request, pk):
    question = selectors.question_detail(programme=programme_or_404(), pk=pk, user=request.user)
    if question is None:
        raise Http404(_("There is no question here, or it has been hidden."))
    return question


def _answer_or_404(request, pk) -> Answer:
    answer = Answer.objects.filter(pk=pk).first()
    if answer is None:
        raise Http404(_("There is no answer here."))
    question = _question_or_404(request, answer.question_id)
    if answer.hidden and not permissions.can_see_hidden(request.user):
        raise Http404(_("There is no answer here, or it has been hidden."))
    answer.question = question
    return answer


def _page(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def _refused(request, error: ForumError) -> None:
    messages.error(request, error_message(error))


# --- Reading ---------------------------------------------------------------------------------


def index(request):
    programme = programme_or_404()
    context = {
        "topics": selectors.topic_list(programme=programme, user=request.user),
        "recent": selectors.recent_questions(programme=programme, user=request.user),
        "is_moderator": permissions.is_moderator(request.user),
        "search_form": forms.SearchForm(topics=selectors.topic_list(programme=programme)),
    }
    if context["is_moderator"]:
        context["open_reports"] = selectors.open_reports().count()
    return render(request, "forum/index.html", context)


def search(request):
    programme = programme_or_404()
    topics = selectors.topic_list(programme=programme)
    form = forms.SearchForm(request.GET or None, topics=topics)
    page = None
    if form.is_bound and form.is_valid():
        questions = selectors.question_list(
            programme=programme,
            user=request.user,
            topic=form.cleaned_data.get("topic"),
            q=form.cleaned_data.get("q") or "",
            solved=form.solved_value(),
        )
        page = _page(request, questions)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "forum/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
    )


def topic_detail(request, slug):
    topic = _topic_or_404(slug)
    questions = selectors.question_list(programme=topic.programme, user=request.user, topic=topic)
    return render(
        request,
        "forum/topic.html",
        {
            "topic": topic,
            "page": _page(request, questions),
            "follows": selectors.follows_topic(user=request.user, topic=topic),
            "is_moderator": permissions.is_moderator(request.user),
        },
    )


def _question_page(request, question, answer_form=None, status=200):
    user = request.user
    can_answer = permissions.can_answer(user, question)
    if answer_form is None and can_answer:
        answer_form = forms.AnswerForm()
    answers = selectors.question_answers(question=question, user=user)
    for answer in answers:
        answer.can_edit = permissions.can_edit(user, answer, question=question)
    return render(
        request,
        "forum/question.html",
        {
            "question": question,
            "topic": question.topic,
            "answers": answers,
            "answer_form": answer_form if can_answer else None,
            "can_post": permissions.can_post(user),
            "can_edit": permissions.can_edit(user, question, question=question),
            "can_see_versions": permissions.can_see_versions(user),
            "can_accept": permissions.can_accept(user, question) and not question.hidden,
            "is_moderator": permissions.is_moderator(user),
            "follows": selectors.follows_question(user=user, question=question),
            "reason_form": forms.ReasonForm(),
        },
        status=status,
    )


def question_detail(request, pk):
    return _question_page(request, _question_or_404(request, pk))


# --- Asking and answering --------------------------------------------------------------------


@login_required
def question_ask(request):
    programme = programme_or_404()
    topics = selectors.topic_list(programme=programme).filter(locked=False)
    initial = {}
    chosen = selectors.topic_by_slug(programme=programme, slug=request.GET.get("topic", ""))
    if chosen is not None and not chosen.locked:
        initial["topic"] = chosen
    form = forms.QuestionForm(request.POST or None, topics=topics, initial=initial)
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            question = services.question_ask(
                topic=form.cleaned_data["topic"],
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except RateLimited as exc:
            apply_error(form, exc)
            status = 429
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(
                request,
                _("Your question has been posted. You will get an e-mail when it is answered."),
            )
            return redirect("forum:question", pk=question.pk)
    return render(request, "forum/ask.html", {"form": form, "topic": chosen}, status=status)


@login_required
@require_POST
def answer_post(request, pk):
    question = _question_or_404(request, pk)
    form = forms.AnswerForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            answer = services.answer_post(
                question=question, actor=request.user, body=form.cleaned_data["body"]
            )
        except RateLimited as exc:
            apply_error(form, exc)
            status = 429
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your answer has been posted."))
            url = reverse("forum:question", kwargs={"pk": question.pk})
            return redirect(f"{url}#antwoord-{answer.pk}")
    if not permissions.can_answer(request.user, question):
        # Locked or hidden meanwhile: say so on the question page.
        messages.error(request, " ".join(form.errors.get("body", [])) or _("Not posted."))
        return redirect("forum:question", pk=question.pk)
    return _question_page(request, question, answer_form=form, status=status)


# --- Editing ---------------------------------------------------------------------------------

EDIT_INTRO = gettext_lazy(
    "Your post shows that it was edited, and when. The earlier version is kept; "
    "moderators can read it."
)


def _edit_page(request, *, form, question, title, status=200):
    return render(
        request,
        "forum/form.html",
        {
            "form": form,
            "question": question,
            "title": title,
            "submit": _("Save changes"),
            "intro": EDIT_INTRO,
        },
        status=status,
    )


@login_required
def question_edit(request, pk):
    question = _question_or_404(request, pk)
    if not permissions.can_edit(request.user, question, question=question):
        raise PermissionDenied
    initial = {"title": question.title, "body": question.body}
    form = forms.QuestionEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.question_edit(
                question=question,
                actor=request.user,
                title=form.cleaned_data["title"],
                body=form.cleaned_data["body"],
            )
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your question has been changed."))
            return redirect("forum:question", pk=question.pk)
    return _edit_page(request, form=form, question=question, title=_("Edit your question"))


@login_required
def answer_edit(request, pk):
    answer = _answer_or_404(request, pk)
    question = answer.question
    if not permissions.can_edit(request.user, answer, question=question):
        raise PermissionDenied
    form = forms.AnswerForm(request.POST or None, initial={"body": answer.body})
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_edit(answer=answer, actor=request.user, body=form.cleaned_data["body"])
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Your answer has been changed."))
            url = reverse("forum:question", kwargs={"pk": question.pk})
            return redirect(f"{url}#antwoord-{answer.pk}")
    return _edit_page(request, form=form, question=question, title=_("Edit your answer"))


@login_required
def question_versions(request, pk):
    """Moderators: the earlier versions of an edited question and of its answers."""
    if not permissions.can_see_versions(request.user):
        raise PermissionDenied
    question = _question_or_404(request, pk)
    return render(
        request,
        "forum/versions.html",
        {
            "question": question,
            "topic": question.topic,
            **selectors.post_versions(question=question),
        },
    )


@login_required
@require_POST
def answer_accept(request, pk):
    answer = _answer_or_404(request, pk)
    if not permissions.can_accept(request.user, answer.question):
        raise PermissionDenied
    try:
        services.answer_accept(answer=answer, actor=request.user)
    except ForumError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The answer has been marked as the solution."))
    return redirect("forum:question", pk=answer.question_id)


@login_required
@require_POST
def answer_unaccept(request, pk):
    question = _question_or_404(request, pk)
    if not permissions.can_accept(request.user, question):
        raise PermissionDenied
    services.answer_unaccept(question=question, actor=request.user)
    messages.success(request, _("The question no longer has a solution."))
    return redirect("forum:question", pk=question.pk)


# --- Following -------------------------------------------------------------------------------


@login_required
@require_POST
def topic_follow(request, slug):
    topic = _topic_or_404(slug)
    if request.POST.get("action") == "unfollow":
        services.topic_unfollow(topic=topic, actor=request.user)
        messages.success(request, _("You no longer follow this topic."))
    else:
        services.topic_follow(topic=topic, actor=request.user)
        messages.success(
            request, _("You follow this topic: you will get an e-mail for every new question.")
        )
    return redirect("forum:topic", slug=topic.slug)


@login_required
@require_POST
def question_follow(request, pk):
    question = _question_or_404(request, pk)
    if request.POST.get("action") == "unfollow":
        services.question_unfollow(question=question, actor=request.user)
        messages.success(request, _("You no longer follow this question."))
    else:
        services.question_follow(question=question, actor=request.user)
        messages.success(
            request, _("You follow this question: you will get an e-mail for every new answer.")
        )
    return redirect("forum:question", pk=question.pk)


def unsubscribe(request, token):
    """The link in a notification e-mail: confirm (GET), then stop following (POST).

    A GET changes nothing, so a mail scanner that opens links does not unsubscribe anyone.
    """
    try:
        follow = services.follow_from_token(token)
    except ForumError as exc:
        return render(request, "forum/unsubscribe.html", {"error": error_message(exc)}, status=400)
    done = False
    if request.method == "POST" and follow is not None:
        services.follow_stop_by_token(token=token)
        done = True
    return render(
        request,
        "forum/unsubscribe.html",
        {"follow": follow, "done": done or follow is None, "gone": follow is None},
    )


# --- Reporting -------------------------------------------------------------------------------


def _report_page(request, *, question=None, answer=None):
    form = forms.ReportForm(request.POST or None)
    target_question = question or answer.question
    if request.method == "POST" and form.is_valid():
        try:
            services.abuse_report(
                actor=request.user,
                question=question,
                answer=answer,
                reason=form.cleaned_data["reason"],
            )
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Thank you. The moderators have received your report."))
            return redirect("forum:question", pk=target_question.pk)
    return render(
        request,
        "forum/form.html",
        {
            "form": form,
            "question": target_question,
            "title": _("Report an answer") if answer else _("Report a question"),
            "submit": _("Send report"),
            "intro": _("Tell the moderators what is wrong (abuse, advertising, personal data…)."),
        },
    )


@login_required
def question_report(request, pk):
    return _report_page(request, question=_question_or_404(request, pk))


@login_required
def answer_report(request, pk):
    return _report_page(request, answer=_answer_or_404(request, pk))


# --- Moderation ------------------------------------------------------------------------------


def _hide_page(request, *, question=None, answer=None):
    _require_moderator(request)
    form = forms.ReasonForm(request.POST or None)
    target_question = question or answer.question
    if request.method == "POST" and form.is_valid():
        try:
            if answer is not None:
                services.answer_hide(
                    answer=answer, actor=request.user, reason=form.cleaned_data["reason"]
                )
            else:
                services.question_hide(
                    question=question, actor=request.user, reason=form.cleaned_data["reason"]
                )
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("Hidden. Moderators still see it, with the reason."))
            return redirect("forum:question", pk=target_question.pk)
    return render(
        request,
        "forum/form.html",
        {
            "form": form,
            "question": target_question,
            "title": _("Hide an answer") if answer else _("Hide a question"),
            "submit": _("Hide"),
        },
    )


@login_required
def question_hide(request, pk):
    _require_moderator(request)
    return _hide_page(request, question=_question_or_404(request, pk))


@login_required
def answer_hide(request, pk):
    _require_moderator(request)
    return _hide_page(request, answer=_answer_or_404(request, pk))


@login_required
@require_POST
def question_unhide(request, pk):
    _require_moderator(request)
    question = _question_or_404(request, pk)
    services.question_unhide(question=question, actor=request.user)
    messages.success(request, _("The question is visible again."))
    return redirect("forum:question", pk=question.pk)


@login_required
@require_POST
def answer_unhide(request, pk):
    _require_moderator(request)
    answer = _answer_or_404(request, pk)
    services.answer_unhide(answer=answer, actor=request.user)
    messages.success(request, _("The answer is visible again."))
    return redirect("forum:question", pk=answer.question_id)


@login_required
@require_POST
def question_lock(request, pk):
    _require_moderator(request)
    question = _question_or_404(request, pk)
    if request.POST.get("action") == "unlock":
        services.question_unlock(question=question, actor=request.user)
        messages.success(request, _("The question is open for answers again."))
    else:
        services.question_lock(question=question, actor=request.user)
        messages.success(request, _("The question is locked: it takes no new answers."))
    return redirect("forum:question", pk=question.pk)


@login_required
def topic_create(request):
    _require_moderator(request)
    programme = programme_or_404()
    form = forms.TopicForm(request.POST or None, programme=programme)
    if request.method == "POST" and form.is_valid():
        try:
            topic = services.topic_create(
                programme=programme, actor=request.user, **form.cleaned_data
            )
        except ForumError as exc:
            apply_error(form, exc)
        else:
            messages.success(request, _("The topic has been created."))
            return redirect("forum:topic", slug=topic.slug)
    return render(
        request,
        "forum/form.html",
        {"form": form, "title": _("New topic"), "submit": _("Create topic")},
    )


@login_required
@require_POST
def topic_lock(request, slug):
    _require_moderator(request)
    topic = _topic_or_404(slug)
    if request.POST.get("action") == "unlock":
        services.topic_unlock(topic=topic, actor=request.user)
        messages.success(request, _("The topic is open again."))
    else:
        services.topic_lock(topic=topic, actor=request.user)
        messages.success(request, _("The topic is locked: it takes no new questions or answers."))
    return redirect("forum:topic", slug=topic.slug)


@login_required
def moderation(request):
    _require_moderator(request)
    programme = programme_or_404()
    reports = selectors.open_reports()
    return render(
        request,
        "forum/moderation.html",
        {
            "reports": reports,
            "handled": selectors.handled_reports(),
            "hidden": selectors.hidden_posts(programme=programme),
            "handle_form": forms.HandleReportForm(),
        },
    )


@login_required
@require_POST
def report_handle(request, pk):
    _require_moderator(request)
    report = selectors.report_by_pk(pk=pk)
    if report is None:
        raise Http404(_("There is no report here."))
    form = forms.HandleReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("note", [])))
        return redirect("forum:moderation")
    try:
        services.report_handle(report=report, actor=request.user, note=form.cleaned_data["note"])
    except ForumError as exc:
        _refused(request, exc)
    else:
        messages.success(request, _("The report has been handled."))
    return redirect("forum:moderation")
