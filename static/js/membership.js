// Membership form enhancement: move focus to the error summary so screen
// reader and keyboard users hear what went wrong. The form works without it.
(function () {
    "use strict";
    var summary = document.getElementById("error-summary");
    if (summary) {
        summary.focus();
    }
})();
