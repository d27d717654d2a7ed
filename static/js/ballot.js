// Ballot enhancements: live count, read aloud (whole ballot and "Listen"), print link, and forgetting
// on shared devices (clear on Back, kiosk reset, kiosk idle reset).
// The form works fully without this file.
(function () {
    "use strict";
    if (window.wmhnBallotReady) { return; }
    window.wmhnBallotReady = true;

    // The page's language: Django's JavaScript catalogue (/jsi18n/, loaded by
    // base.html) when present, else the English words as written here.
    function _(text, values) {
        var out = window.gettext ? window.gettext(text) : text;
        return values ? out.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); }) : out;
    }

    function ready(fn) {
        if (document.readyState !== "loading") { fn(); } else { document.addEventListener("DOMContentLoaded", fn); }
    }

    // Empty every answer a woman can give (hidden fields such as the form token stay).
    function clearForm(form) {
        form.querySelectorAll("input, select, textarea").forEach(function (field) {
            if (field.type === "checkbox" || field.type === "radio") { field.checked = false; }
            else if (field.tagName === "SELECT") { field.selectedIndex = 0; }
            else if (field.type !== "hidden" && field.type !== "submit" && field.type !== "button") { field.value = ""; }
        });
    }

    // Shown again from the back-forward cache (Back after a vote): clear the
    // last woman's answers at once, then load a fresh ballot (a new form token,
    // so the next woman's vote is not taken for a repeat of the last one).
    window.addEventListener("pageshow", function (event) {
        if (!event.persisted) { return; }
        var forms = document.querySelectorAll("[data-ballot-form]");
        if (!forms.length) { return; }
        forms.forEach(clearForm);
        window.location.replace(forms[0].getAttribute("data-kiosk-home") || window.location.href);
    });

    function kioskIdleReset(form) {
        var idle = parseInt(form.getAttribute("data-kiosk-idle"), 10);
        var warning = parseInt(form.getAttribute("data-kiosk-warning"), 10);
        var box = form.querySelector("[data-kiosk-idle-warning]");
        var more = form.querySelector("[data-kiosk-more-time]");
        if (!(idle > 0) || !box || !more) { return; }
        warning = Math.min(Math.max(warning || 0, 0), idle);
        var warnTimer = null;
        var resetTimer = null;

        function started() {
            var answered = false;
            form.querySelectorAll("input, select, textarea").forEach(function (field) {
                if (field.type === "checkbox" || field.type === "radio") { answered = answered || field.checked; }
                else if (field.tagName === "SELECT") { answered = answered || field.selectedIndex > 0; }
                else if (field.type !== "hidden") { answered = answered || Boolean(field.value); }
            });
            return answered || Boolean(form.querySelector("[data-error-summary]"));
        }
        function reset() {
            clearForm(form);
            window.location.replace(form.getAttribute("data-kiosk-home"));
        }
        function warn() {
            if (!started()) { restart(); return; }  // nothing to clear yet
            box.hidden = false;
            more.focus({ preventScroll: true });
            resetTimer = window.setTimeout(reset, warning * 1000);
        }
        function restart() {
            window.clearTimeout(warnTimer);
            window.clearTimeout(resetTimer);
            box.hidden = true;
            warnTimer = window.setTimeout(warn, (idle - warning) * 1000);
        }
        // Any key, tap or answer counts as "still here"; one key press extends.
        ["keydown", "pointerdown", "input", "change"].forEach(function (name) {
            document.addEventListener(name, restart, true);
        });
        more.addEventListener("click", restart);
        restart();
    }

    // --- Read aloud --------------------------------------------------------
    // The page's language (the ballot's locale), e.g. "en-gb", "pl", "ur".
    function speechLang(form) {
        return (form && form.getAttribute("data-speech-lang")) || document.documentElement.lang || "en";
    }

    // A voice for the language: the same region first, else the same language.
    function voiceFor(lang) {
        var wanted = lang.toLowerCase().replace("_", "-");
        var primary = wanted.split("-")[0];
        var voices = window.speechSynthesis.getVoices() || [];
        var same = null;
        for (var i = 0; i < voices.length; i += 1) {
            var have = String(voices[i].lang || "").toLowerCase().replace("_", "-");
            if (have === wanted) { return voices[i]; }
            if (!same && have.split("-")[0] === primary) { same = voices[i]; }
        }
        return same;
    }

    // Voices often arrive after the page loads (Chrome): listen for them.
    function onVoicesChanged(fn) {
        var synth = window.speechSynthesis;
        if (typeof synth.addEventListener === "function") { synth.addEventListener("voiceschanged", fn); }
        else { synth.onvoiceschanged = fn; }
    }

    // One Play/Stop for the whole ballot: intro, question, instructions, each
    // option, errors and the button, in page order. A part with a recording
    // (data-read-audio) plays the recording instead of the device's voice.
    function readAloud(form) {
        var box = form.querySelector("[data-read-aloud]");
        var button = box && box.querySelector("[data-read-aloud-toggle]");
        if (!button) { return; }
        var scope = form.closest("[data-read-scope]") || form.closest("section") || form;
        var lang = speechLang(form);
        var reading = false;
        var queue = [];
        var current = null;

        function label() {
            button.textContent = button.getAttribute(reading ? "data-label-stop" : "data-label-play");
            button.setAttribute("aria-pressed", reading ? "true" : "false");
        }
        function mark(element) {
            scope.querySelectorAll(".is-reading-aloud").forEach(function (el) { el.classList.remove("is-reading-aloud"); });
            if (element) { element.classList.add("is-reading-aloud"); }
        }
        // display: contents has no box of its own: look at its children then.
        function shown(el) {
            if (el.getClientRects().length) { return true; }
            return Array.prototype.some.call(el.children, function (child) { return child.getClientRects().length > 0; });
        }
        function parts() {
            var found = [];
            scope.querySelectorAll("[data-read]").forEach(function (el) {
                if (el.closest("[hidden]") || !shown(el)) { return; }
                var audioId = el.getAttribute("data-read-audio");
                found.push({
                    element: el,
                    audio: audioId ? document.getElementById(audioId) : null,
                    text: (el.innerText || el.textContent).replace(/\s+/g, " ").trim()
                });
            });
            return found;
        }
        function stop() {
            reading = false;
            queue = [];
            window.speechSynthesis.cancel();
            if (current) { current.onended = null; current.pause(); current = null; }
            mark(null);
            label();
        }
        function speak(part) {
            var utterance = new window.SpeechSynthesisUtterance(part.text);
            utterance.lang = lang;
            utterance.voice = voiceFor(lang);
            utterance.onend = next;
            utterance.onerror = next;
            window.speechSynthesis.speak(utterance);
        }
        function next() {
            if (!reading) { return; }
            if (current) { current.onended = null; current = null; }
            var part = queue.shift();
            if (!part) { stop(); return; }
            mark(part.element);
            if (part.audio) {
                current = part.audio;
                current.currentTime = 0;
                current.onended = next;
                var playing = current.play();
                if (playing && playing.catch) { playing.catch(function () { current = null; speak(part); }); }
            } else if (part.text) {
                speak(part);
            } else {
                next();
            }
        }
        function update() {
            var has = Boolean(voiceFor(lang));
            box.hidden = !has;
            if (!has && reading) { stop(); }
        }
        button.addEventListener("click", function () {
            if (reading) { stop(); return; }
            window.speechSynthesis.cancel();
            reading = true;
            queue = parts();
            label();
            next();
        });
        window.addEventListener("pagehide", stop);
        onVoicesChanged(update);
        update();
    }

    ready(function () {
        var speech = Boolean(window.speechSynthesis) && typeof window.SpeechSynthesisUtterance === "function";

        // A code card's QR opens the ballot with #code=XXXX-XXXX: fill the field, then
        // take the code out of the address bar and history (a shared phone keeps no trace).
        var fromCard = /(?:^#|&)code=([A-Za-z0-9-]{1,40})/.exec(window.location.hash);
        if (fromCard) {
            history.replaceState(history.state, "", window.location.pathname + window.location.search);
        }

        document.querySelectorAll("[data-ballot-form]").forEach(function (form) {
            // Back to the page answers as the server sent them, whatever a
            // browser restored (autocomplete="off" should already stop it).
            form.reset();
            if (form.hasAttribute("data-kiosk-home")) { kioskIdleReset(form); }
            var required = parseInt(form.getAttribute("data-choices-required"), 10) || 3;
            var count = form.querySelector("[data-ballot-count]");
            var boxes = form.querySelectorAll('input[name="options"]');
            function update() {
                var chosen = 0;
                boxes.forEach(function (box) { if (box.checked) { chosen += 1; } });
                var text = _("You have chosen %(chosen)s of %(required)s.", { chosen: chosen, required: required });
                if (chosen > required) { text += " " + _("That is too many: untick %(extra)s.", { extra: chosen - required }); }
                else if (chosen === required) { text += " " + _("You can send your choices now."); }
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
            var codeField = form.querySelector('input[name="code"]');
            if (fromCard && codeField && !codeField.value) { codeField.value = fromCard[1].toUpperCase(); }
            var summary = form.querySelector("[data-error-summary]");
            if (summary) { summary.focus(); }
        });

        // "Listen" on one option: only where the device has a voice for the page's language.
        document.querySelectorAll("[data-listen]").forEach(function (button) {
            if (!speech) { return; }  // stays hidden where the browser cannot read aloud
            var form = button.closest("[data-ballot-form]");
            var lang = speechLang(form);
            function update() { button.hidden = !voiceFor(lang); }
            onVoicesChanged(update);
            update();
            button.addEventListener("click", function () {
                window.speechSynthesis.cancel();
                var utterance = new window.SpeechSynthesisUtterance(button.getAttribute("data-listen"));
                utterance.lang = lang;
                utterance.voice = voiceFor(lang);
                window.speechSynthesis.speak(utterance);
            });
        });

        if (speech) {
            document.querySelectorAll("[data-ballot-form]").forEach(readAloud);
        }

        document.querySelectorAll("[data-print-ballot]").forEach(function (link) {
            link.addEventListener("click", function (event) {
                event.preventDefault();
                window.print();
            });
        });

        // Kiosk: get ready for the next woman after a minute, saying so first.
        // replace(), not a new history entry: Back cannot reach this page again.
        var back = document.querySelector("[data-kiosk-return]");
        var note = document.querySelector("[data-kiosk-countdown]");
        if (back) {
            back.addEventListener("click", function (event) {
                event.preventDefault();
                window.location.replace(back.href);
            });
        }
        if (back && note) {
            var seconds = 60;
            note.hidden = false;
            note.textContent = _("This page goes back to the ballot in one minute.");
            window.setTimeout(function () { window.location.replace(back.href); }, seconds * 1000);
        }
    });
})();
