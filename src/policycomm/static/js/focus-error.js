// Move keyboard and screen-reader focus to the error summary after a failed submit.
// Loaded with defer from base.html; without JavaScript the summary is still the first thing in the form.
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (summary) {
    summary.focus();
  }
})();
