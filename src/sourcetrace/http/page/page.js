(function () {
  "use strict";
  // The page for editors. It writes no markup from data: every text it shows goes through
  // textContent, and the report itself is the server's own HTML page in a sandboxed frame.
  var POLL_MS = 300;
  var body = document.body;
  var allowUrls = body.getAttribute("data-allow-urls") === "true";

  // --- talking to the API --------------------------------------------------------------------
  function errorMessage(response, data) {
    if (data && data.error && data.error.message) return data.error.message;
    return "the server answered " + response.status + " " + response.statusText;
  }

  function readJson(response) {
    return response.json().catch(function () { return null; });
  }

  function wait(ms) {
    return new Promise(function (resolve) { setTimeout(resolve, ms); });
  }

  // A job runner bound to one form: progress bar, status line, cancel button, report frame.
  function JobView(prefix) {
    this.progress = document.getElementById(prefix + "-progress");
    this.status = document.getElementById(prefix + "-status");
    this.cancelButton = document.getElementById(prefix + "-cancel");
    this.submitButton = document.getElementById(prefix + "-button");
    this.frame = document.getElementById(prefix + "-report");
    this.run = 0;
    this.jobUrl = null;
    var view = this;
    this.cancelButton.addEventListener("click", function () { view.cancel(); });
  }

  JobView.prototype.say = function (text, isError) {
    this.status.textContent = text;
    this.status.classList.toggle("error", Boolean(isError));
  };

  JobView.prototype.busy = function (on) {
    this.submitButton.disabled = on;
    this.cancelButton.hidden = !on;
    this.progress.hidden = !on;
    if (on) this.progress.removeAttribute("value");
  };

  JobView.prototype.fail = function (text) {
    this.busy(false);
    this.say("Error: " + text, true);
  };

  JobView.prototype.cancel = function () {
    this.run += 1;
    if (this.jobUrl) fetch(this.jobUrl, { method: "DELETE" }).catch(function () {});
    this.jobUrl = null;
    this.busy(false);
    this.say("Cancelled.");
  };

  // Post a request that answers 202 with a job, follow the job, then show its result.
  JobView.prototype.start = async function (request, onDone) {
    var run = ++this.run;
    this.busy(true);
    this.say("Sending\u2026");
    var response, data;
    try {
      response = await fetch(request.url, request.init);
      data = await readJson(response);
    } catch (error) {
      return this.fail("the server cannot be reached (" + error.message + ")");
    }
    if (run !== this.run) return;
    if (response.status !== 202) return this.fail(errorMessage(response, data));
    this.jobUrl = data.url;
    while (run === this.run) {
      this.show(data);
      if (data.state === "done") break;
      if (data.state === "failed") return this.fail(data.error ? data.error.error.message : "the job failed");
      await wait(POLL_MS);
      if (run !== this.run) return;
      try {
        response = await fetch(data.url, { headers: { Accept: "application/json" } });
        data = await readJson(response);
      } catch (error) {
        return this.fail("the server cannot be reached (" + error.message + ")");
      }
      if (!response.ok) return this.fail(errorMessage(response, data));
    }
    if (run !== this.run) return;
    this.jobUrl = null;
    this.busy(false);
    onDone(data);
  };

  JobView.prototype.show = function (job) {
    var step = Math.min(job.progress.done + 1, job.progress.total);
    if (job.state === "queued") {
      this.progress.removeAttribute("value");
      this.say("Waiting for a free worker\u2026");
    } else if (job.state === "running") {
      this.progress.max = job.progress.total;
      this.progress.value = job.progress.done;
      this.say(capitalise(job.progress.stage) + "\u2026 (step " + step + " of " + job.progress.total + ")");
    }
  };

  function capitalise(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // --- tabs (arrow keys, Home and End move between them) ---------------------------------
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));

  function selectTab(tab, focus) {
    tabs.forEach(function (other) {
      var selected = other === tab;
      other.setAttribute("aria-selected", selected ? "true" : "false");
      other.tabIndex = selected ? 0 : -1;
      document.getElementById(other.getAttribute("aria-controls")).hidden = !selected;
    });
    if (focus) tab.focus();
  }

  tabs.forEach(function (tab, index) {
    tab.addEventListener("click", function () { selectTab(tab, false); });
    tab.addEventListener("keydown", function (event) {
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      selectTab(tabs[(next + tabs.length) % tabs.length], true);
    });
  });

  // --- compare -----------------------------------------------------------------------------
  var compareForm = document.getElementById("compare-form");
  var compareView = new JobView("compare");

  function sideInput(side) {
    var file = document.getElementById(side + "-file").files[0] || null;
    var url = allowUrls ? document.getElementById(side + "-url").value.trim() : "";
    var text = document.getElementById(side + "-text").value;
    var given = [file, url, text.trim()].filter(Boolean).length;
    if (given === 0) throw new Error("give the " + side + " text: paste it, choose a file" + (allowUrls ? " or a web address" : ""));
    if (given > 1) throw new Error("give the " + side + " text one way only (a text, a file or a web address)");
    return { file: file, url: url, text: text };
  }

  function compareOptions() {
    var detectors = Array.prototype.slice.call(compareForm.querySelectorAll('input[name="detector"]'))
      .filter(function (box) { return box.checked; })
      .map(function (box) { return box.value; });
    return {
      segment: document.getElementById("segment").value,
      mode: document.getElementById("mode").value,
      detectors: detectors
    };
  }

  // JSON for texts and URLs; a multipart form as soon as a file is chosen.
  function compareRequest() {
    var inputs = { original: sideInput("original"), derived: sideInput("derived") };
    var options = compareOptions();
    var headers = { Prefer: "respond-async", Accept: "application/json" };
    if (!inputs.original.file && !inputs.derived.file) {
      var payload = { options: options };
      ["original", "derived"].forEach(function (side) {
        payload[side] = inputs[side].url ? { url: inputs[side].url } : inputs[side].text;
      });
      headers["Content-Type"] = "application/json";
      return { url: "v1/compare", init: { method: "POST", headers: headers, body: JSON.stringify(payload) } };
    }
    var form = new FormData();
    ["original", "derived"].forEach(function (side) {
      var input = inputs[side];
      if (input.file) form.append(side, input.file, input.file.name);
      else if (input.url) form.append(side + "_url", input.url);
      else form.append(side, input.text);
    });
    form.append("options", JSON.stringify(options));
    return { url: "v1/compare", init: { method: "POST", headers: headers, body: form } };
  }

  compareForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var request;
    try {
      request = compareRequest();
    } catch (error) {
      compareView.say("Error: " + error.message, true);
      return;
    }
    compareView.start(request, function (job) {
      var frame = compareView.frame;
      frame.hidden = false;
      frame.src = job.result_url;
      compareView.say("Report ready: read it below (Tab into it, then j and k walk the findings).");
    });
  });

  // --- search the index ------------------------------------------------------------------------
  var searchForm = document.getElementById("search-form");
  var searchView = new JobView("search");
  var results = document.getElementById("search-results");

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  function percent(share) {
    return Math.round(100 * share) + "%";
  }

  // One found source: its id and title, how much of the text it explains, and a button that
  // opens the side-by-side report of the text against it.
  function sourceItem(job, source) {
    var item = element("li");
    item.appendChild(element("span", "source", source.id));
    var title = source.metadata && source.metadata.title;
    if (typeof title === "string" && title) item.appendChild(element("span", "title", "\u201c" + title + "\u201d "));
    var passages = source.passages.length;
    item.appendChild(element("span", "facts",
      source.verdict + ", " + percent(source.score) + " of the text, " + passages +
      (passages === 1 ? " passage, " : " passages, ") + source.distortions.critical + " critical"));
    var button = element("button", "show-report", "Show the report");
    button.type = "button";
    button.setAttribute("aria-controls", "search-report");
    button.addEventListener("click", function () {
      var frame = searchView.frame;
      frame.hidden = false;
      frame.src = job.url + "/reports/1/" + source.rank;
      searchView.say("The report of the text against " + source.id + " is below.");
    });
    item.appendChild(button);
    return item;
  }

  function showSources(job, answer) {
    var record = answer.records[0];
    results.textContent = "";
    if (record.error) return searchView.say("Error: " + record.error, true);
    record.sources.forEach(function (source) { results.appendChild(sourceItem(job, source)); });
    var found = record.sources.length;
    searchView.say(found === 0
      ? "No source found among " + record.candidates + " candidates."
      : found + (found === 1 ? " source" : " sources") + " found, best first.");
    var first = results.querySelector("button");
    if (first) first.focus();
  }

  searchForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = document.getElementById("search-text").value;
    if (!text.trim()) {
      searchView.say("Error: paste the text to find the sources of", true);
      return;
    }
    results.textContent = "";
    searchView.frame.hidden = true;
    var payload = {
      suspects: [{ id: "pasted text", text: text }],
      top: Number(document.getElementById("search-top").value)
    };
    var headers = { Prefer: "respond-async", Accept: "application/json", "Content-Type": "application/json" };
    searchView.start({ url: "v1/scan", init: { method: "POST", headers: headers, body: JSON.stringify(payload) } },
      async function (job) {
        try {
          var response = await fetch(job.result_url, { headers: { Accept: "application/json" } });
          var data = await readJson(response);
          if (!response.ok) return searchView.say("Error: " + errorMessage(response, data), true);
          showSources(job, data);
        } catch (error) {
          searchView.say("Error: the server cannot be reached (" + error.message + ")", true);
        }
      });
  });

  // Ctrl+Enter (or Cmd+Enter) in a text box submits its form.
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var form = event.target.form;
    if (form && event.target.tagName === "TEXTAREA") {
      event.preventDefault();
      form.requestSubmit();
    }
  });

  // A chosen file clears the pasted text of its side, and the other way round.
  ["original", "derived"].forEach(function (side) {
    var file = document.getElementById(side + "-file");
    var text = document.getElementById(side + "-text");
    file.addEventListener("change", function () { if (file.files.length) text.value = ""; });
    text.addEventListener("input", function () { if (text.value) file.value = ""; });
  });

}());
