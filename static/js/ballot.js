// Ballot enhancements: live count, "Listen" buttons, print link, kiosk reset.
// The form works fully without this file.
(function () {
    "use strict";
    if (window.wmhnBallotReady) { return; }
    window.wmhnBallotReady = true;

    function ready(fn) {
        if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
    }

    ready(function () {
        var speech = Boolean(window.speechSynthesis) && typeof window.SpeechSynthesisUtterance === "function";

        document.querySelectorAll("[data-ballot-form]").forEach(function (form) {
            var required = parseInt(form.getAttribute("data-choices-required"), 10) || 3;
            var count = form.querySelector("[data-ballot-count]");
            var boxes = form.querySelectorAll('input[name="options"]');
            function update() {
                var chosen = 0;
                boxes.forEach(function (box) { if (box.checked) { chosen += 1; } });
                var text = "You have chosen " + chosen + " of " + required + ".";
                if (chosen > required) { text += " That is too many: untick " + (chosen - required) + "."; }
                else if (chosen === required) { text += " You can send your choices now."; }
                count.textContent = text;
            }
            if (count) {
                count.hidden = false;
                boxes.forEach(function (box) { box.addEventListener("change", update); });
                update();
            }
            // A double click sends one request; the server also ignores repeats.
            form.addEventListener("submit", function () {
                var button = form.querySelector("[data-ballot-submit]");
                if (button) { window.setTimeout(function () { button.disabled = true; }, 0); }
            });
            var summary = form.querySelector("[data-error-summary]");
            if (summary) { summary.focus(); }
        });

        document.querySelectorAll("[data-listen]").forEach(function (button) {
            if (!speech) { return; }  // stays hidden where the browser cannot read aloud
            button.hidden = false;
            button.addEventListener("click", function () {
                window.speechSynthesis.cancel();
                var utterance = new window.SpeechSynthesisUtterance(button.getAttribute("data-listen"));
                utterance.lang = "en-GB";
                window.speechSynthesis.speak(utterance);
            });
        });

        document.querySelectorAll("[data-print-ballot]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                window.print();
            });
        });

        // Kiosk: get ready for the next woman after a minute, saying so first.
        var back = document.querySelector("[data-kiosk-return]");
        var note = document.querySelector("[data-kiosk-countdown]");
        if (back && note) {
            var seconds = 60;
            note.hidden = false;
            note.textContent = "This page goes back to the ballot in one minute.";
            window.setTimeout(function () { window.location.href = back.href; }, seconds * 1000);
        }
    });
})();
