// Calm live results (issue 12, item 5). Without this file the results read
// well and a plain "Refresh results" link reloads them.
//
// - Only what changed is touched: a number's text, a bar's width, and an
//   option moved only when its rank moved. Nothing is re-inserted for nothing.
// - Screen readers hear at most one short summary a minute, through the
//   polite live region; a change inside the minute waits and the latest is said.
// - A visible Pause/Resume button. Blocks on other pages update by themselves
//   every few seconds; the results page does not until asked ("Refresh results"
//   once, or "Start live updates").
(function () {
    "use strict";
    var INTERVAL = 10000;
    var ANNOUNCE_GAP = 60000;

    function setText(node, text) {
        if (node && node.textContent !== text) { node.textContent = text; }
    }
    function setWidth(node, pct) {
        if (node && node.style.width !== pct + "%") { node.style.width = pct + "%"; }
    }
    function fill(template, values) {
        return template.replace(/\{(\w+)\}/g, function (_, key) { return values[key]; });
    }

    function Live(section) {
        this.section = section;
        this.url = section.getAttribute("data-results-url");
        this.running = section.getAttribute("data-results-live") !== "manual";
        this.started = this.running;
        this.timer = null;
        this.lastAnnounced = -Infinity;
        this.pending = null;
        this.pendingTimer = null;
        this.busy = false;
        var total = section.querySelector("[data-results-total]");
        this.lastTotal = total ? total.getAttribute("data-results-total") : null;
        this.button = section.querySelector("[data-results-pause]");
        this.refreshLink = section.querySelector("[data-results-refresh]");
    }

    Live.prototype.label = function (name) {
        return this.section.getAttribute("data-label-" + name) || "";
    };

    Live.prototype.showButton = function () {
        if (!this.button) { return; }
        this.button.hidden = false;
        var text = this.running ? this.label("pause") : (this.started ? this.label("resume") : this.label("start"));
        setText(this.button, text);
        this.button.setAttribute("aria-pressed", this.running ? "false" : "true");
    };

    Live.prototype.start = function () {
        var self = this;
        if (this.timer) { return; }
        this.running = true;
        this.started = true;
        this.timer = window.setInterval(function () { self.refresh(); }, INTERVAL);
        this.showButton();
    };

    Live.prototype.pause = function () {
        window.clearInterval(this.timer);
        this.timer = null;
        window.clearTimeout(this.pendingTimer);
        this.pendingTimer = null;
        this.pending = null;
        this.running = false;
        this.showButton();
    };

    Live.prototype.refresh = function () {
        var self = this;
        if (document.hidden || this.busy) { return; }
        this.busy = true;
        fetch(this.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
            .then(function (response) { return response.ok ? response.json() : null; })
            .then(function (data) { if (data) { self.apply(data); } })
            .catch(function () { /* keep showing the last results */ })
            .then(function () { self.busy = false; });
    };

    Live.prototype.apply = function (data) {
        var section = this.section;
        var total = section.querySelector("[data-results-total]");
        var list = section.querySelector("[data-results-list]");
        if (!list) { return; }  // withheld (fewer than K): the page says so; reload to see more
        if (total) {
            var pct = data.target ? Math.min(100, Math.round(data.total_voters * 100 / data.target)) : 0;
            setText(total, fill(total.getAttribute("data-template"), { total: data.total_voters, target: data.target, percent: pct }));
            total.setAttribute("data-results-total", String(data.total_voters));
            setWidth(section.querySelector("[data-results-progress]"), pct);
        }
        var topLabel = list.getAttribute("data-top-label");
        var order = [];
        data.options.forEach(function (option) {
            var item = list.querySelector('[data-option-id="' + option.id + '"]');
            if (!item) { return; }
            order.push(item);
            var pct = Math.round(option.share * 100);
            var value = item.querySelector("[data-results-value]");
            if (value) {
                var template = value.getAttribute(option.votes === 1 ? "data-template-one" : "data-template");
                setText(value, fill(template, { votes: option.votes, percent: pct }));
            }
            setWidth(item.querySelector("[data-results-bar]"), pct);
            setText(item.querySelector(".results__rank"), option.rank + ".");
            var top = option.rank <= data.choices_required;
            var badge = item.querySelector(".results__badge");
            if (top !== item.classList.contains("results__item--top")) {
                item.classList.toggle("results__item--top", top);
                if (top && !badge && topLabel) {
                    badge = document.createElement("strong");
                    badge.className = "results__badge";
                    badge.textContent = topLabel;
                    item.querySelector(".results__title").after(badge);
                } else if (!top && badge) {
                    badge.remove();
                }
            }
        });
        // Options arrive in rank order: move only those out of place.
        order.forEach(function (item, index) {
            var here = list.children[index];
            if (here !== item) { list.insertBefore(item, here); }
        });
        var totalText = String(data.total_voters);
        if (this.lastTotal !== null && totalText !== this.lastTotal) {
            this.announce(fill(section.getAttribute("data-label-announce"), { total: data.total_voters }));
        }
        this.lastTotal = totalText;
    };

    // At most one summary a minute; a newer one replaces one still waiting.
    Live.prototype.announce = function (text) {
        var self = this;
        var region = this.section.querySelector("[data-results-announce]");
        if (!region) { return; }
        var wait = this.lastAnnounced + ANNOUNCE_GAP - Date.now();
        if (wait <= 0) {
            this.lastAnnounced = Date.now();
            region.textContent = text;
            return;
        }
        this.pending = text;
        if (!this.pendingTimer) {
            this.pendingTimer = window.setTimeout(function () {
                self.pendingTimer = null;
                var next = self.pending;
                self.pending = null;
                if (next) { self.announce(next); }
            }, wait);
        }
    };

    function setUp(section) {
        if (section.getAttribute("data-live-started")) { return; }
        section.setAttribute("data-live-started", "1");
        var live = new Live(section);
        if (live.button) {
            live.button.addEventListener("click", function () {
                if (live.running) { live.pause(); } else { live.start(); live.refresh(); }
            });
        }
        if (live.refreshLink) {
            live.refreshLink.addEventListener("click", function (event) {
                event.preventDefault();
                live.refresh();
            });
        }
        if (live.running) { live.running = false; live.start(); } else { live.showButton(); }
    }

    function start() {
        document.querySelectorAll("[data-results-url]").forEach(setUp);
    }

    if (document.readyState !== "loading") { start(); } else { document.addEventListener("DOMContentLoaded", start); }
})();
