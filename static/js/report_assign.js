/* 新任务批量交办: copy the "统一设定" values into every row. */
(function () {
  "use strict";
  var button = document.getElementById("apply-all");
  if (!button) { return; }
  button.addEventListener("click", function () {
    var lead = document.getElementById("id_all-lead_department").value;
    var due = document.getElementById("id_all-due_on").value;
    var coop = Array.prototype.map.call(
      document.getElementById("id_all-cooperating_departments").selectedOptions,
      function (option) { return option.value; }
    );
    document.querySelectorAll("#assign-drafts tbody tr").forEach(function (row) {
      if (lead) { row.querySelector("select[name$='-lead_department']").value = lead; }
      if (due) { row.querySelector("input[name$='-due_on']").value = due; }
      if (coop.length) {
        Array.prototype.forEach.call(
          row.querySelector("select[name$='-cooperating_departments']").options,
          function (option) { option.selected = coop.indexOf(option.value) !== -1; }
        );
      }
    });
  });
})();
