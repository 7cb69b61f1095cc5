-- wrk script of benchmarks/survey_load.py: sends each prepared survey POST once, in the order of the file given after
-- `--` (one request per line: session key, a tab, the url-encoded body), then stops its thread. `done` prints one JSON
-- line (marked) with the latency percentiles and the answers that were not the expected redirect (302).
local requests = {}
local counter = 0
unexpected = 0  -- global: `done` reads it from each thread with thread:get
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  local path, cookie, file = args[1], args[2], args[3]
  for line in io.lines(file) do
    local session, body = line:match("^([^\t]+)\t(.*)$")
    requests[#requests + 1] = wrk.format("POST", path, {
      ["Cookie"] = "csrftoken=" .. cookie .. "; sessionid=" .. session,
      ["Content-Type"] = "application/x-www-form-urlencoded",
    }, body)
  end
end

function request()
  counter = counter + 1
  if counter > #requests then
    wrk.thread:stop()  -- stops the loop once this write is done: the GET below is answered 200, an "unexpected" one
    return wrk.format("GET", "/robots.txt")
  end
  return requests[counter]
end

function response(status, headers, body)
  if status ~= 302 then
    unexpected = unexpected + 1
  end
end

function done(summary, latency, requests)
  local others = 0
  for _, thread in ipairs(threads) do
    others = others + thread:get("unexpected")
  end
  local errors = summary.errors
  io.write(string.format(
    'SURVEY_LOAD_RESULT {"requests": %d, "duration_us": %d, "not_302": %d, ' ..
    '"errors": {"connect": %d, "read": %d, "write": %d, "status": %d, "timeout": %d}, ' ..
    '"latency_us": {"p50": %d, "p95": %d, "p99": %d, "max": %d}}\n',
    summary.requests, summary.duration, others,
    errors.connect, errors.read, errors.write, errors.status, errors.timeout,
    latency:percentile(50), latency:percentile(95), latency:percentile(99), latency.max))
end
