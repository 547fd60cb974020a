"""督查通报 pages: the list (and generating one), a circular with its data,
the office's editing and issuing, and the .docx."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from tracker.circulars.forms import EditForm, GenerateForm
from tracker.circulars.models import Circular, CircularStatus
from tracker.circulars.services import (
    DOCX,
    NO_LEAGUE,
    circular_download_record,
    circular_edit,
    circular_generate,
    circular_issue,
    circulars_visible_to,
)


def _visible(request: HttpRequest, pk: int) -> Circular:
    circular = circulars_visible_to(request.user).filter(pk=pk).first()
    if circular is None:
        raise Http404(_("通报不存在或您无权查看。"))
    return circular


def circular_list(request: HttpRequest) -> HttpResponse:
    is_supervisor = getattr(request.user, "is_supervisor", False)
    form = GenerateForm(request.POST or None) if is_supervisor else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("只有督查室可以拟制督查通报。"))
        if form.is_valid():
            try:
                _circular, job = circular_generate(
                    actor=request.user,  # type: ignore[arg-type]
                    period=form.cleaned_data["period"],
                    request=request,
                )
            except ValidationError as error:
                form.add_error("period", error)
            else:
                messages.success(request, _("通报正在后台生成，完成后可编辑表扬和批评内容再签发。"))
                return redirect("batch-job", job.pk)
    circulars = circulars_visible_to(request.user).select_related("issued_by")
    today = timezone.localdate()
    context = {
        "page": Paginator(circulars, 30).get_page(request.GET.get("page")),
        "form": form,
        "example_month": f"{today.year}-{today.month:02d}",
        "example_quarter": f"{today.year}Q{(today.month - 1) // 3 + 1}",
    }
    return render(
        request,
        "circulars/circular_list.html",
        context,
        status=400 if form is not None and form.errors else 200,
    )


def circular_detail(request: HttpRequest, pk: int) -> HttpResponse:
    circular = _visible(request, pk)
    form = None
    if getattr(request.user, "is_supervisor", False) and circular.status == CircularStatus.DRAFT:
        form = EditForm(
            initial={
                "praise": circular.praise,
                "criticism": circular.criticism,
                "version": circular.version,
            }
        )
    return render(
        request,
        "circulars/circular_detail.html",
        {"circular": circular, "facts": circular.facts or {}, "form": form, "no_league": NO_LEAGUE},
    )


@require_POST
def circular_save(request: HttpRequest, pk: int) -> HttpResponse:
    circular = _visible(request, pk)
    form = EditForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            _("内容有误：") + "；".join(str(e) for errors in form.errors.values() for e in errors),
        )
        return redirect("circular-detail", circular.pk)
    try:
        circular = circular_edit(
            circular=circular,
            actor=request.user,  # type: ignore[arg-type]
            praise=form.cleaned_data["praise"],
            criticism=form.cleaned_data["criticism"],
            expected_version=form.cleaned_data["version"],
            request=request,
        )
        if request.POST.get("issue"):
            circular = circular_issue(
                circular=circular,
                actor=request.user,  # type: ignore[arg-type]
                request=request,
            )
            messages.success(
                request,
                _("通报已签发：%(n)s，已通知厅领导和各处室负责人。") % {"n": circular.number},
            )
        else:
            messages.success(request, _("已保存。"))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("circular-detail", circular.pk)


def circular_download(request: HttpRequest, pk: int) -> FileResponse:
    circular = _visible(request, pk)
    if not circular.docx:
        raise Http404(_("通报文件尚未生成。"))
    circular_download_record(circular=circular, actor=request.user, request=request)
    name = f"{circular.number or '督查通报（征求意见稿）'}-{circular.period_label}.docx"
    response = FileResponse(circular.docx.open("rb"), content_type=DOCX)
    response["Content-Disposition"] = content_disposition_header(True, name)
    return response
