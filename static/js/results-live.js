// Refreshes server-rendered results from <ballot url>results.json every few seconds,
// announcing changes politely. Without this file the results still read well.
(function () {
    "use strict";
    var INTERVAL = 5000;

    // The page's language: Django's JavaScript catalogue (/jsi18n/, loaded by
    // base.html) when present, else the English words as written here.
    function _(text, values) {
        var out = window.gettext ? window.gettext(text) : text;
        return values ? out.replace(/%\((\w+)\)s/g, function (all, name) { return String(values[name]); }) : out;
    }

    function refresh(section) {
        if (document.hidden) { return; }
        fetch(section.getAttribute("data-results-url"), { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) { apply(section, data); } })
            .catch(function () { /* keep showing the last results */ });
    }

    function apply(section, data) {
        var list = section.querySelector("[data-results-list]");
        var total = section.querySelector("[data-results-total]");
        var previous = section.getAttribute("data-last-total");
        var showCounts = section.querySelector("[data-results-value]") &&
            /vote/.test(section.querySelector("[data-results-value]").textContent);
        if (total) {
            var pct = data.target ? Math.min(100, Math.round(data.total_voters * 100 / data.target)) : 0;
            total.textContent = data.total_voters + " of a target of " + data.target + " women have voted (" + pct + "%).";
            var fill = section.querySelector("[data-results-progress]");
            if (fill) { fill.style.width = pct + "%"; }
        }
        if (list) {
            data.options.forEach(function (option) {
                var item = list.querySelector('[data-option-id="' + option.id + '"]');
                if (!item) { return; }
                var pct = Math.round(option.share * 100);
                var value = item.querySelector("[data-results-value]");
                if (value) {
                    value.textContent = (showCounts ? option.votes + (option.votes === 1 ? " vote, " : " votes, ") : "") + pct + "% of voters";
                }
                var bar = item.querySelector("[data-results-bar]");
                if (bar) { bar.style.width = pct + "%"; }
                var rank = item.querySelector(".results__rank");
                if (rank) { rank.textContent = option.rank + "."; }
                list.appendChild(item);  // options arrive in rank order
            });
        }
        if (previous !== null && String(data.total_voters) !== previous) {
            var announce = section.querySelector("[data-results-announce]");
            if (announce) { announce.textContent = _("Results updated: %(voters)s women have voted.", { voters: data.total_voters }); }
        }
        section.setAttribute("data-last-total", String(data.total_voters));
    }

    function start() {
        document.querySelectorAll("[data-results-url]").forEach(function (section) {
            if (section.getAttribute("data-live-started")) { return; }
            section.setAttribute("data-live-started", "1");
            refresh(section);
            window.setInterval(function () { refresh(section); }, INTERVAL);
        });
    }

    if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
