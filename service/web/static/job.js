// Job page: poll progress, refresh the rows as items finish; a one-file upload opens its report when done.
(function () {
  "use strict";
  const main = document.getElementById("job");
  const id = main.dataset.job;
  const openSingle = new URLSearchParams(location.search).get("open") === "1";
  let seen = "";

  async function tick() {
    let job;
    try {
      const resp = await fetch("/jobs/" + encodeURIComponent(id) + "?format=json", { credentials: "same-origin" });
      if (!resp.ok) return setTimeout(tick, 3000);
      job = await resp.json();
    } catch (e) { return setTimeout(tick, 3000); }
    const finished = job.done + job.failed;
    main.querySelector(".job-done").textContent = finished;
    main.querySelector(".job-failed").textContent = job.failed;
    main.querySelector(".job-status").textContent = { queued: "排队中", running: "处理中", done: "已完成", failed: "失败" }[job.status] || job.status;
    const bar = main.querySelector("progress.progress");
    bar.max = job.total || 1;
    bar.value = job.total ? finished : 1;
    const state = [finished, job.total, job.collecting, JSON.stringify(job.urls || [])].join("|");
    if (state !== seen) {
      seen = state;
      const html = await (await fetch("/jobs/" + encodeURIComponent(id) + "?format=rows", { credentials: "same-origin" })).text();
      const tmp = document.createElement("table");
      tmp.innerHTML = html;
      for (const part of ["rows", "sources"]) {
        const fresh = tmp.querySelector("tbody#" + part);
        const old = main.querySelector("tbody#" + part);
        if (fresh && old) old.replaceWith(fresh);
      }
      const collecting = main.querySelector(".job-collecting");
      if (collecting) collecting.textContent = job.collecting ? "采集中" : "采集完成";
    }
    const over = finished >= job.total && !job.collecting;
    main.dataset.status = over ? "finished" : job.status;
    if (over && openSingle && job.total === 1 && job.items[0] && job.items[0].report_id) {
      location.href = "/reports/" + encodeURIComponent(job.items[0].report_id);
      return;
    }
    if (!over) setTimeout(tick, 800);
  }
  tick();
})();
