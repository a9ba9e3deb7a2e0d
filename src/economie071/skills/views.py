from django.shortcuts import render

from economie071.web.shortcuts import programme_or_404


def index(request):
    programme = programme_or_404()
    return render(request, "skills/index.html", {"programme": programme})
