// Report page: select findings (click, j/k), flash their evidence and cells, confirm/dismiss, correct a cell.
(function () {
  "use strict";
  const reportId = document.querySelector(".report-head").dataset.report;
  const reviewer = document.getElementById("reviewer");
  reviewer.value = localStorage.getItem("nianbao.reviewer") || "";
  reviewer.addEventListener("change", () => localStorage.setItem("nianbao.reviewer", reviewer.value.trim()));
  document.getElementById("print").addEventListener("click", () => window.print());

  const q = (sel, root) => Array.from((root || document).querySelectorAll(sel));
  const byCheck = (id) => q('mark[data-check~="' + CSS.escape(id) + '"]');
  const byValue = (id) => q('mark[data-value~="' + CSS.escape(id) + '"]');
  const cellsOf = (key) => q('[data-cell="' + CSS.escape(key) + '"]');

  function flash(els) {
    els.forEach((el) => { el.classList.remove("flash"); void el.offsetWidth; el.classList.add("flash"); });
  }

  function visibleFindings() {
    return q(".finding").filter((f) => !f.closest("details:not([open])"));
  }

  function reveal(finding) {
    // both panes at once: the evidence in the text below, the cell in the forms above
    const marks = byCheck(finding.dataset.check);
    const focus = finding.dataset.focus;
    const mark = (focus && marks.find((m) => (m.dataset.value || "").split(" ").includes(focus))) || marks[0];
    const cells = (finding.dataset.cells || "").split(" ").filter(Boolean).flatMap(cellsOf);
    const td = (focus && cellsOf(focus).find((c) => c.tagName === "TD")) || cells.find((c) => c.tagName === "TD");
    if (td) td.scrollIntoView({ block: "center" });
    if (mark) mark.scrollIntoView({ block: "center" });
    return marks.concat(cells);
  }

  function select(finding, scroll) {
    q(".finding.selected").forEach((f) => f.classList.remove("selected"));
    finding.classList.add("selected");
    finding.scrollIntoView({ block: "nearest" });
    if (finding.id) history.replaceState(null, "", "#" + finding.id);
    flash(scroll === false ? byCheck(finding.dataset.check) : reveal(finding));
  }

  function move(step) {
    const list = visibleFindings();
    if (!list.length) return;
    const at = list.findIndex((f) => f.classList.contains("selected"));
    const next = at < 0 ? (step > 0 ? 0 : list.length - 1) : Math.min(list.length - 1, Math.max(0, at + step));
    select(list[next]);
  }

  document.addEventListener("keydown", (ev) => {
    if (ev.target.closest("input, textarea, select") || ev.ctrlKey || ev.metaKey || ev.altKey) return;
    if (ev.key === "j") { move(1); ev.preventDefault(); }
    if (ev.key === "k") { move(-1); ev.preventDefault(); }
  });

  q(".finding").forEach((f) => {
    f.addEventListener("click", (ev) => { if (!ev.target.closest(".review")) select(f); });
    f.addEventListener("keydown", (ev) => { if (ev.key === "Enter" && ev.target === f) select(f); });
  });

  // a mark in the text selects the worst finding it is evidence of
  document.querySelector(".doc").addEventListener("click", (ev) => {
    const mark = ev.target.closest("mark[data-check]");
    if (!mark) return;
    const ids = mark.dataset.check.split(" ");
    const finding = q(".finding").find((f) => ids.includes(f.dataset.check) && !f.classList.contains("st-pass"))
      || q(".finding").find((f) => ids.includes(f.dataset.check));
    if (finding) { finding.closest("details") && (finding.closest("details").open = true); select(finding, false); }
  });

  // on opening: a linked finding is selected; otherwise the first problem is brought into view, quietly
  const linked = location.hash.startsWith("#finding-") && document.getElementById(location.hash.slice(1));
  const first = document.querySelector(".finding.st-fail, .finding.st-uncertain");
  if (linked) select(linked); else if (first) reveal(first);

  window.addEventListener("beforeprint", () => { document.getElementById("facts").open = true; });

  q("[data-jump]").forEach((el) => el.addEventListener("click", () => {
    const marks = byValue(el.dataset.jump);
    if (marks[0]) { marks[0].scrollIntoView({ block: "center" }); flash(marks); }
  }));

  q(".corrections li[data-cell]").forEach((li) => li.addEventListener("click", () => {
    const td = cellsOf(li.dataset.cell).find((el) => el.tagName === "TD");
    if (td) { td.scrollIntoView({ block: "center" }); flash([td]); }
  }));

  // hovering a form cell outlines its evidence in the text
  q("td.val").forEach((td) => {
    td.addEventListener("mouseenter", () => byValue(td.dataset.cell).forEach((m) => m.classList.add("hover")));
    td.addEventListener("mouseleave", () => byValue(td.dataset.cell).forEach((m) => m.classList.remove("hover")));
  });

  async function send(method, url, body) {
    const resp = await fetch(url, { method, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body),
                                    credentials: "same-origin" });
    const data = await resp.json().catch(() => ({}));
    if (!resp.ok) throw new Error((data.error && data.error.message) || ("请求失败：" + resp.status));
    return data;
  }

  function updateOpenCount() {
    const open = q(".finding.st-fail, .finding.st-uncertain").filter((f) => !f.classList.contains("decided")).length;
    document.querySelector(".open-count b").textContent = open;
  }

  q(".review button").forEach((btn) => btn.addEventListener("click", async () => {
    const f = btn.closest(".finding");
    const note = f.querySelector(".note").value.trim();
    btn.disabled = true;
    try {
      const row = await send("POST", "/v1/reports/" + encodeURIComponent(reportId) + "/reviews",
        { check_id: f.dataset.check, decision: btn.dataset.decision, note: note || null, reviewer: reviewer.value.trim() || null });
      f.classList.remove("confirmed", "dismissed");
      f.classList.add("decided", row.decision);
      f.querySelector(".decision-badge").textContent = row.decision_name;
      let p = f.querySelector(".decision-note");
      if (!p) { p = document.createElement("p"); p.className = "decision-note"; f.querySelector(".review").before(p); }
      const byKey = row.key_label && row.key_label !== row.reviewer ? "（密钥 " + row.key_label + "）" : "";
      p.textContent = row.decision_name + (row.reviewer ? " · " + row.reviewer : "") + byKey + (row.note ? "：" + row.note : "");
      updateOpenCount();
    } catch (err) { alert(err.message); } finally { btn.disabled = false; }
  }));

  // correcting a misread cell: click it, type the value, the server re-runs the checks
  const box = document.getElementById("correct-box");
  let editing = null;
  q("td.val:not(.absent)").forEach((td) => td.addEventListener("click", () => {
    editing = td;
    box.querySelector(".which").textContent = (td.closest("table").querySelector("caption").firstChild.textContent || "").trim();
    box.querySelector(".was").textContent = "单元格 " + td.dataset.cell + "，当前值：" + (td.textContent.trim() || "空");
    box.querySelector("input[name=value]").value = td.textContent.trim();
    box.querySelector("input[name=note]").value = "";
    box.querySelector(".error").hidden = true;
    box.hidden = false;
    box.querySelector("input[name=value]").focus();
    byValue(td.dataset.cell).slice(0, 1).forEach((m) => { m.scrollIntoView({ block: "center" }); flash([m]); });
  }));
  box.querySelector(".cancel").addEventListener("click", () => { box.hidden = true; editing = null; });
  box.querySelector(".save").addEventListener("click", async () => {
    const raw = box.querySelector("input[name=value]").value.trim();
    const value = raw === "" ? null : Number(raw);
    const err = box.querySelector(".error");
    if (raw !== "" && !Number.isFinite(value)) { err.textContent = "请输入数字，或留空表示空白。"; err.hidden = false; return; }
    try {
      await send("PATCH", "/v1/reports/" + encodeURIComponent(reportId) + "/cells",
        { cell: editing.dataset.cell, value, note: box.querySelector("input[name=note]").value.trim() || null,
          reviewer: reviewer.value.trim() || null });
      location.reload();
    } catch (e) { err.textContent = e.message; err.hidden = false; }
  });
})();
