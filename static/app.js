// Small enhancements of server-rendered pages; every page works without them.
(function () {
  "use strict";

  // After a refused form the message is where the keyboard starts.
  var problem = document.querySelector(".error[role=alert]");
  if (problem) { problem.focus(); }

  // Print buttons on the receipt and the logbook.
  document.querySelectorAll("[data-print]").forEach(function (b) {
    b.addEventListener("click", function () { window.print(); });
  });

  // Reception desk: representatives only for a group of 5 or more; extra
  // petition blocks one at a time; Ctrl+Enter saves the visit.
  var form = document.getElementById("visit-form");
  if (form) {
    var count = document.getElementById("head_count");
    var reps = document.getElementById("representatives");
    var showReps = function () {
      var n = parseInt(count.value, 10) || 1;
      reps.hidden = n < parseInt(reps.dataset.groupMin, 10);
    };
    count.addEventListener("input", showReps);
    showReps();

    // A visit at a leader's reception session is a periodic reception.
    var session = document.getElementById("session_id");
    var kindSelect = document.getElementById("kind");
    if (session && kindSelect) {
      session.addEventListener("change", function () {
        if (session.value && kindSelect.value === "regular") { kindSelect.value = "periodic"; }
      });
    }

    var add = document.getElementById("add-petition");
    var hiddenBlocks = function () { return form.querySelectorAll(".petition-block[hidden]"); };
    if (hiddenBlocks().length > 0) { add.hidden = false; }
    add.addEventListener("click", function () {
      var next = hiddenBlocks()[0];
      if (!next) { return; }
      next.hidden = false;
      var first = next.querySelector("select, input");
      if (first) { first.focus(); }
      if (hiddenBlocks().length === 0) { add.hidden = true; }
    });

    var refused = document.getElementById("refused");
    var blocks = document.getElementById("petition-blocks");
    var summary = document.getElementById("p0_summary");
    var syncRefused = function () {
      blocks.querySelectorAll("input, select, textarea").forEach(function (el) { el.disabled = refused.checked; });
    };
    refused.addEventListener("change", syncRefused);
    syncRefused();

    form.addEventListener("keydown", function (e) {
      if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) {
        e.preventDefault();
        form.requestSubmit();
      }
    });
    if (summary && !refused.checked) { summary.required = true; }
    refused.addEventListener("change", function () { summary.required = !refused.checked; });
  }

  // A reception rule's form shows only the fields of the chosen kind.
  var kind = document.getElementById("r-kind");
  if (kind) {
    var syncKind = function () {
      kind.form.querySelectorAll("[data-kind]").forEach(function (el) {
        el.hidden = el.dataset.kind !== kind.value;
      });
    };
    kind.addEventListener("change", syncKind);
    syncKind();
  }

  // Attachments go straight to the API, which takes the file as
  // multipart with the CSRF token in the header; the page then reloads.
  document.querySelectorAll("form[data-upload]").forEach(function (f) {
    f.hidden = false;
    var status = f.querySelector(".upload-status");
    f.addEventListener("submit", function (e) {
      e.preventDefault();
      var token = document.querySelector('meta[name="csrf-token"]').content;
      status.textContent = "…";
      fetch(f.dataset.upload, { method: "POST", body: new FormData(f), headers: { "X-CSRF-Token": token }, credentials: "same-origin" })
        .then(function (res) {
          if (res.ok) { window.location.reload(); return; }
          return res.json().then(function (body) { status.textContent = (body.error && body.error.message) || res.statusText; });
        })
        .catch(function (err) { status.textContent = String(err); });
    });
  });

  // A form submitted once stays submitted: a double click logs one visit.
  document.querySelectorAll("form[method=post]:not([data-upload])").forEach(function (f) {
    f.addEventListener("submit", function () {
      setTimeout(function () {
        f.querySelectorAll("button[type=submit]").forEach(function (b) { b.disabled = true; });
      }, 0);
    });
  });
})();
