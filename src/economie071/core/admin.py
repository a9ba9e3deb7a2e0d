from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from economie071.core.mail import mail_deliver
from economie071.core.models import OutgoingMail


@admin.register(OutgoingMail)
class OutgoingMailAdmin(admin.ModelAdmin):
    """The outbox, read-only: what is waiting or failed (with the error), and what went."""

    list_display = ["created_at", "topic", "reference", "status", "attempts", "sent_at"]
    list_filter = ["status", "topic"]
    search_fields = ["topic", "reference", "subject"]
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(description=_("Send the selected e-mails again"))
    def send_again(self, request, queryset):
        ids = list(queryset.exclude(status=OutgoingMail.Status.SENT).values_list("pk", flat=True))
        sent = mail_deliver(mail_ids=ids)
        level = messages.SUCCESS if sent == len(ids) else messages.WARNING
        self.message_user(
            request,
            ngettext(
                "%(sent)d of %(count)d e-mail sent.",
                "%(sent)d of %(count)d e-mails sent.",
                len(ids),
            )
            % {"sent": sent, "count": len(ids)},
            level,
        )
