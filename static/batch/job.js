// The job page: poll the job's status once a second until it is done or failed.
(function () {
  "use strict";
  var box = document.getElementById("batch-job");
  if (!box) { return; }
  var url = box.getAttribute("data-status-url");
  function field(name) { return box.querySelector('[data-field="' + name + '"]'); }
  function show(state) {
    field("status_label").textContent = state.status_label;
    field("counts").textContent = state.total_items ? "（" + state.done_items + " / " + state.total_items + "）" : "";
    box.querySelector("progress").value = state.percent;
    if (state.error) { field("error").textContent = state.error; field("error").hidden = false; }
    if (state.download_url) {
      field("download").querySelector("a").href = state.download_url;
      field("filename").textContent = state.filename;
      field("download").hidden = false;
    }
    if (state.next_url) {
      var next = field("next").querySelector("a");
      next.href = state.next_url;
      if (state.next_label) { next.textContent = state.next_label; }
      field("next").hidden = false;
      // Work whose result is a page (a report read for its preview): go there.
      window.location.assign(state.next_url);
    }
    return state.status === "done" || state.status === "failed";
  }
  function poll() {
    fetch(url, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (state) { if (!show(state)) { setTimeout(poll, 1000); } })
      .catch(function () { setTimeout(poll, 3000); });
  }
  setTimeout(poll, 500);
})();
