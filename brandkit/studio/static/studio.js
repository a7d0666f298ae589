// brandkit studio: a build's progress bar, and the designer's preview drawn again on save.
"use strict";

function followBuild(box) {
  const bar = box.querySelector(".bar span");
  const state = box.querySelector(".state");
  const list = box.querySelector(".problems");
  const poll = async () => {
    const response = await fetch("/jobs/" + box.dataset.job, {cache: "no-store"});
    if (!response.ok) { return; }
    const job = await response.json();
    bar.style.width = job.percent + "%";
    state.textContent = job.message + (job.total ? " (" + job.done + "/" + job.total + ")" : "");
    box.dataset.state = job.state;
    if (job.state === "done") {
      box.classList.add("done");
      setTimeout(() => { window.location = "/units/" + box.dataset.unit + "#files"; }, 700);
    } else if (job.state === "failed") {
      box.classList.add("failed");
      list.replaceChildren(...job.problems.map((text) => {
        const item = document.createElement("li"); item.textContent = text; return item;
      }));
    } else {
      setTimeout(poll, 400);
    }
  };
  poll();
}

function followDesign(box) {
  const text = JSON.parse(document.getElementById("design-text").textContent);
  const params = new URLSearchParams({unit: box.dataset.unit});
  for (const name of box.dataset.templates.split(",").filter(Boolean)) { params.append("t", name); }
  let version = "";
  const item = (tag, content, cls) => {
    const node = document.createElement(tag); node.textContent = content;
    if (cls) { node.className = cls; }
    return node;
  };
  const show = (state) => {
    const images = state.images.map((image) => {
      const figure = document.createElement("figure");
      const img = document.createElement("img");
      img.src = image.src; img.alt = image.caption;
      figure.append(img, item("figcaption", image.caption));
      return figure;
    });
    document.getElementById("images").replaceChildren(...images);
    const problems = state.problems.length ? state.problems.map((p) => item("li", p))
      : [item("li", text.none, "muted")];
    document.getElementById("problems").replaceChildren(...problems);
    document.getElementById("rules").replaceChildren(...state.rules.map((rule) => {
      const row = document.createElement("tr");
      row.append(item("td", rule.rule), item("td", rule.template), item("td", rule.element),
        item("td", rule.measured), item("td", rule.result, rule.ok ? "pass" : "fail"));
      return row;
    }));
    document.getElementById("version").textContent =
      "· " + text.saved + " " + new Date().toLocaleTimeString(document.documentElement.lang);
    box.dataset.version = state.version;
  };
  const poll = async () => {
    try {
      params.set("since", version);
      const response = await fetch("/design/state.json?" + params, {cache: "no-store"});
      if (response.ok) {
        const state = await response.json();
        if (!state.same) { show(state); }
        version = state.version;
      }
    } finally {
      setTimeout(poll, 500);
    }
  };
  poll();
}

document.addEventListener("DOMContentLoaded", () => {
  document.querySelectorAll(".progress[data-job]").forEach(followBuild);
  const design = document.getElementById("design");
  if (design) { followDesign(design); }
});
