-- Whitepaper gate submissions for benchmarks/gate_submissions.py (wrk 4, LuaJIT).
--
-- Run one thread per client (`wrk -t N -c N`): a thread then has a single connection, so its
-- request() and response() calls alternate and each answer belongs to the last address sent.
-- Arguments after `--`: run tag, e-mail domain, the form's fixed fields (urlencoded), the
-- Cookie header, the file done() writes its tallies to, the seconds after which each
-- client stops on its own (0: when wrk stops), and the prefix of the stamp files: client n
-- reads `<prefix>n.txt`, one form stamp a line, and sends each once (the gate accepts a
-- stamp for one submission). A client that has used all of its stamps stops.
--
-- Stopping on its own, right after an answer, leaves no request half-way: wrk's own stop
-- drops the requests in flight, which the server may still store. Give wrk a longer
-- --duration than that; the rate is then measured here, from the first request to the last
-- answer.
--
-- Every 10th request re-sends the address of five requests before, in capitals, so the gate
-- has to find the existing lead whatever the letter case (each address is sent at most twice:
-- the per-address rate limit allows three an hour).

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } gate_timespec;
int clock_gettime(int clock_id, gate_timespec *tp);
]])
local CLOCK_MONOTONIC = 1
local timespec = ffi.new("gate_timespec")

local function now()
    ffi.C.clock_gettime(CLOCK_MONOTONIC, timespec)
    return tonumber(timespec.tv_sec) + tonumber(timespec.tv_nsec) / 1e9
end

local threads = {}
local clients = 0

function setup(thread)
    thread:set("client", clients)
    clients = clients + 1
    table.insert(threads, thread)
end

function init(args)
    tag, domain, form, report_path = args[1], args[2], args[3], args[5]
    stop_after = tonumber(args[6])
    stamps = {}
    for line in io.lines(args[7] .. client .. ".txt") do
        if line ~= "" then
            table.insert(stamps, line)
        end
    end
    stamps_used = 0
    out_of_stamps = 0
    headers = {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Cookie"] = args[4],
    }
    -- wrk calls request() once in the first thread to check the script; that one is not sent.
    probe = client == 0
    sent = 0
    used = {}
    pending = nil     -- the address of the request waiting for its answer
    accepted = {}     -- lower-case address -> number of 303 answers
    statuses = {}     -- status -> number of answers
    unanswered = {}   -- addresses sent whose answer never came (connection lost)
    sample = ""       -- the start of one answer that was not a 303, for the report
    first_at, last_at = nil, nil
end

function request()
    if probe then
        probe = false
        return wrk.format("POST", wrk.path, headers, form)
    end
    if pending then
        table.insert(unanswered, pending)
    end
    first_at = first_at or now()
    sent = sent + 1
    local email
    if sent % 10 == 0 then
        email = string.upper(used[sent - 5])
    else
        email = string.format("c%d-%d-%s@%s", client, sent, tag, domain)
        used[sent] = email
    end
    pending = email
    stamps_used = stamps_used + 1
    local body = string.format(
        "%s&stamp=%s&first_name=Client%d&last_name=Number%d&email=%s%s",
        form, stamps[stamps_used], client, sent, string.gsub(email, "@", "%%40"),
        sent % 2 == 0 and "&newsletter=on" or ""
    )
    return wrk.format("POST", wrk.path, headers, body)
end

function response(status, headers, body)
    statuses[status] = (statuses[status] or 0) + 1
    if status == 303 and pending then
        local key = string.lower(pending)
        accepted[key] = (accepted[key] or 0) + 1
    elseif sample == "" then
        sample = status .. " " .. string.sub(body or "", 1, 300)
    end
    pending = nil
    last_at = now()
    if stamps_used >= #stamps then
        out_of_stamps = 1
        wrk.thread:stop()
    end
    if stop_after > 0 and last_at - first_at >= stop_after then
        wrk.thread:stop()
    end
end

function done(summary, latency, requests)
    -- done() runs in wrk's main Lua state, which init() never saw: ask a thread for the path.
    local out = assert(io.open(threads[1]:get("report_path"), "w"))
    local started, ended = math.huge, 0
    for _, thread in ipairs(threads) do
        started = math.min(started, thread:get("first_at") or math.huge)
        ended = math.max(ended, thread:get("last_at") or 0)
    end
    out:write(string.format("elapsed_us %d\n", math.floor(math.max(0, ended - started) * 1e6)))
    out:write(string.format("answers %d\n", summary.requests))
    for _, kind in ipairs({ "connect", "read", "write", "timeout" }) do
        out:write(string.format("error_%s %d\n", kind, summary.errors[kind]))
    end
    for _, p in ipairs({ 50, 95, 99 }) do
        out:write(string.format("latency_p%d_us %d\n", p, latency:percentile(p)))
    end
    out:write(string.format("latency_max_us %d\n", latency.max))
    for _, thread in ipairs(threads) do
        out:write(string.format("out_of_stamps %d\n", thread:get("out_of_stamps") or 0))
        for status, count in pairs(thread:get("statuses")) do
            out:write(string.format("status %d %d\n", status, count))
        end
        for email, count in pairs(thread:get("accepted")) do
            out:write(string.format("accepted %s %d\n", email, count))
        end
        for _, email in ipairs(thread:get("unanswered")) do
            out:write(string.format("unanswered %s\n", string.lower(email)))
        end
        local pending_email = thread:get("pending")
        if pending_email then
            out:write(string.format("unanswered %s\n", string.lower(pending_email)))
        end
        local sample_text = thread:get("sample")
        if sample_text ~= "" then
            out:write("sample " .. string.gsub(sample_text, "%s+", " ") .. "\n")
        end
    end
    out:close()
end
