"""批示件 register: every leader's instruction with its state, and a new task from one."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from tracker.supervision.forms import InstructionTaskForm
from tracker.supervision.models import InstructionStatus
from tracker.supervision.services import instruction_create_task, instructions_visible_to
from tracker.tasks.services import ActionNotAllowed


def instruction_register(request: HttpRequest) -> HttpResponse:
    instructions = instructions_visible_to(request.user).select_related(  # type: ignore[arg-type]
        "task", "leader"
    )
    state = request.GET.get("state", "")
    if state in InstructionStatus.values:
        instructions = instructions.filter(status=state)
    form = InstructionTaskForm()
    if request.method == "POST":
        form = InstructionTaskForm(request.POST)
        if form.is_valid():
            try:
                instruction = instruction_create_task(
                    actor=request.user,  # type: ignore[arg-type]
                    request=request,
                    **form.cleaned_data,
                )
            except ActionNotAllowed as refusal:  # only leaders: the service's rule
                messages.error(request, " ".join(refusal.messages))
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已根据批示新建任务，督查室将立项交办。"))
                return redirect("task-detail", instruction.task_id)
    context = {
        "page": Paginator(instructions.order_by("-issued_on", "-id"), 50).get_page(
            request.GET.get("page")
        ),
        "state": state,
        "states": InstructionStatus.choices,
        "form": form,
        "today": timezone.localdate(),
    }
    return render(request, "supervision/instruction_register.html", context)
