// Quick exit. Without this file "Leave this site" is an ordinary link to the
// neutral page chosen in site settings. With it, leaving replaces the current
// entry in the browser's history (so Back does not bring this page back), the
// page is hidden at once, and pressing Esc 3 times in a row also leaves.
(function () {
    "use strict";
    var link = document.querySelector("[data-quick-exit]");
    if (!link) { return; }
    var PRESSES = 3;
    var WINDOW_MS = 3000; // the presses must come within this time of each other
    var presses = 0;
    var timer = null;

    function leave(event) {
        if (event) { event.preventDefault(); }
        document.body.hidden = true;
        window.location.replace(link.href);
    }

    link.addEventListener("click", leave);
    document.addEventListener("keydown", function (event) {
        if (event.key !== "Escape" && event.key !== "Esc") { return; }
        presses += 1;
        window.clearTimeout(timer);
        if (presses >= PRESSES) {
            leave();
            return;
        }
        timer = window.setTimeout(function () { presses = 0; }, WINDOW_MS);
    });
    // Tell visitors about the Esc shortcut only where it works.
    Array.prototype.forEach.call(document.querySelectorAll("[data-quick-exit-hint]"), function (hint) {
        hint.hidden = false;
    });
})();
