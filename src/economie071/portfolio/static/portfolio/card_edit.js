// The card editor, made lighter where a browser runs scripts; without them everything
// still works (one empty row per list, saving adds the next).
// - "Add a row" clones the list's empty form (Django's formset empty_form, in a <template>)
//   and counts it in the list's TOTAL_FORMS, so the new row is posted with the others.
// - Text boxes grow with their text where the browser cannot do so itself (CSS
//   field-sizing); the server already sizes them to the text they start with.
(function () {
  "use strict";

  function addRow(set, prefix) {
    var total = set.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
    var template = set.querySelector("template[data-empty-form]");
    var rows = set.querySelector("[data-rows]");
    var index = parseInt(total.value, 10);
    var holder = document.createElement("div");
    holder.innerHTML = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    var row = holder.firstElementChild;
    rows.appendChild(row);
    total.value = String(index + 1);
    grow(row);
    var first = row.querySelector("input:not([type=hidden]), textarea, select");
    if (first) {
      first.focus();
    }
  }

  document.querySelectorAll("[data-formset]").forEach(function (set) {
    var prefix = set.getAttribute("data-formset");
    var button = set.querySelector("[data-add-row]");
    if (!button || !set.querySelector("template[data-empty-form]")) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      addRow(set, prefix);
    });
  });

  var sizesItself = window.CSS && CSS.supports && CSS.supports("field-sizing", "content");

  function fit(area) {
    area.style.height = "auto";
    area.style.height = area.scrollHeight + 2 + "px";
  }

  function grow(root) {
    if (sizesItself) {
      return;
    }
    root.querySelectorAll("textarea").forEach(function (area) {
      area.addEventListener("input", function () {
        fit(area);
      });
    });
  }

  grow(document);
})();
