-- A wrk script for the fault benchmarks: rotates over the paths given, on one Host, and prints
-- the answers by status, the socket errors and the latency, so that a fault's effect is read
-- off one run.
-- Usage: wrk … -s benches/status_count.lua URL -- HOST PATH [PATH …]
local threads = {}
setup = function(thread) threads[#threads + 1] = thread end
init = function(args)
  host = args[1]
  paths = {}
  for i = 2, #args do paths[#paths + 1] = args[i] end
  statuses = {}
  n = 0
end
request = function()
  n = n + 1
  return wrk.format("GET", paths[(n % #paths) + 1], {["Host"] = host})
end
response = function(status) statuses[status] = (statuses[status] or 0) + 1 end
done = function(summary, latency, requests)
  local all = {}
  for _, t in ipairs(threads) do
    for status, count in pairs(t:get("statuses")) do all[status] = (all[status] or 0) + count end
  end
  local e = summary.errors
  io.write(string.format("  %d requests; non-2xx/3xx %d\n", summary.requests, e.status))
  for status, count in pairs(all) do io.write(string.format("  HTTP %d: %d\n", status, count)) end
  io.write(string.format("  socket errors: connect %d, read %d, write %d, timeout %d\n",
    e.connect, e.read, e.write, e.timeout))
  io.write(string.format("  latency p50 %.1f ms, p99 %.1f ms, max %.1f ms\n",
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000))
end
