// Upload page: drag and drop one or many files; the server answers with the page to open.
(function () {
  "use strict";
  const form = document.getElementById("upload");
  const drop = document.getElementById("drop");
  const input = document.getElementById("files");
  const status = form.querySelector(".upload-status");
  let files = [];

  function show() {
    form.querySelector(".chosen").textContent = files.length ? "已选择 " + files.length + " 个文件：" +
      files.slice(0, 5).map((f) => f.name).join("、") + (files.length > 5 ? " 等" : "") : "";
  }
  input.addEventListener("change", () => { files = Array.from(input.files); show(); });
  ["dragenter", "dragover"].forEach((ev) => drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.add("over"); }));
  ["dragleave", "drop"].forEach((ev) => drop.addEventListener(ev, (e) => { e.preventDefault(); drop.classList.remove("over"); }));
  drop.addEventListener("drop", (e) => { files = Array.from(e.dataTransfer.files); show(); if (files.length) send(); });

  async function send() {
    if (!files.length) { status.textContent = "请先选择文件。"; return; }
    const data = new FormData();
    files.forEach((f) => data.append("file", f, f.name));
    status.textContent = "正在上传 " + files.length + " 个文件…";
    try {
      const resp = await fetch("/upload", { method: "POST", body: data, headers: { Accept: "application/json" }, credentials: "same-origin" });
      const body = await resp.json();
      if (!resp.ok) { status.textContent = (body.error && body.error.message) || "上传失败。"; return; }
      location.href = body.url;
    } catch (e) { status.textContent = "上传失败：" + e.message; }
  }
  form.addEventListener("submit", (e) => { e.preventDefault(); send(); });
})();
