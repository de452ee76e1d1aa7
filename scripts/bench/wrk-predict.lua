-- wrk script for scripts/bench-server.sh: every request POSTs one X-ray to the URL given to wrk as
-- multipart/form-data, the file in field "image" and the task in field "task", as a browser or curl sends it.
-- Environment: BENCH_IMAGE (the file, required), BENCH_TASK (default detect).
-- After the run it prints one line "FRACTURE_WRK {json}" with wrk's exact counts and latencies in microseconds,
-- beside wrk's own rounded report, so the parser can cross-check the two.
local path = os.getenv("BENCH_IMAGE") or error("BENCH_IMAGE is not set: the image file to upload")
local task = os.getenv("BENCH_TASK") or "detect"
local file = assert(io.open(path, "rb"))
local data = file:read("*a")
file:close()

local types = { jpg = "image/jpeg", jpeg = "image/jpeg", png = "image/png", dcm = "application/dicom" }
local name = path:match("([^/]+)$")
local content_type = types[(name:match("%.([^.]+)$") or ""):lower()] or "application/octet-stream"
local boundary = "fracture-bench-5b8c0e7a2d"

wrk.method = "POST"
wrk.headers["Content-Type"] = "multipart/form-data; boundary=" .. boundary
wrk.body = table.concat({
  "--", boundary, "\r\n",
  'Content-Disposition: form-data; name="task"\r\n\r\n', task, "\r\n",
  "--", boundary, "\r\n",
  'Content-Disposition: form-data; name="image"; filename="', name, '"\r\n',
  "Content-Type: ", content_type, "\r\n\r\n", data, "\r\n",
  "--", boundary, "--\r\n",
})

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'FRACTURE_WRK {"requests":%d,"durationUs":%d,"bytes":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,' ..
    '"timeoutErrors":%d,"statusErrors":%d,"p50Us":%d,"p99Us":%d,"maxUs":%d,"meanUs":%.1f}\n',
    summary.requests, summary.duration, summary.bytes, e.connect, e.read, e.write, e.timeout, e.status,
    latency:percentile(50), latency:percentile(99), latency.max, latency.mean))
end
