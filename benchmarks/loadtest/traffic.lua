-- Mixed traffic for benchmarks/loadtest/traffic.py (wrk 4, LuaJIT): readers and gate
-- submissions.
--
-- Run one thread per client (`wrk -t N -c N`): a thread then has a single connection, so its
-- request() and response() calls alternate and each answer belongs to the last request sent.
-- Arguments after `--`:
--   1 run tag            2 e-mail domain          3 the gate form's fixed fields (urlencoded)
--   4 Cookie header for the gate                  5 the file done() writes its tallies to
--   6 seconds after which each client stops on its own (0: when wrk stops)
--   7 a file of reader paths, one a line (repeated by weight; `{random}` becomes a new word)
--   8 the gate's path    9 every n-th request of a client is a gate submission (0: none)
--  10 the prefix of the stamp files: client n reads `<prefix>n.txt`, one form stamp a line,
--     and sends each once (the gate accepts a stamp for one submission); a client that has
--     used them all sends only reader requests from then on
--
-- Readers send no cookies, as anonymous visitors do. Every submission uses a new address, so
-- each answer 303 must leave exactly one lead with request_count 1. Each answer is also counted
-- per tenth of a second of wall-clock time (with its X-Page-Cache header), so the script that
-- stops Redis or PostgreSQL can tell what readers got while it was down.

local ffi = require("ffi")
ffi.cdef([[
typedef struct { long tv_sec; long tv_nsec; } loadtest_timespec;
int clock_gettime(int clock_id, loadtest_timespec *tp);
]])
local CLOCK_REALTIME = 0
local timespec = ffi.new("loadtest_timespec")

local function now()
    ffi.C.clock_gettime(CLOCK_REALTIME, timespec)
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
    gate_path, gate_every = args[8], tonumber(args[9])
    stamps = {}
    if gate_every > 0 then
        for line in io.lines(args[10] .. client .. ".txt") do
            if line ~= "" then
                table.insert(stamps, line)
            end
        end
    end
    paths = {}
    for line in io.lines(args[7]) do
        if line ~= "" then
            table.insert(paths, line)
        end
    end
    math.randomseed(client * 7919 + math.floor(now()))
    gate_headers = {
        ["Content-Type"] = "application/x-www-form-urlencoded",
        ["Cookie"] = args[4],
    }
    -- wrk calls request() once in the first thread to check the script; that one is not sent.
    probe = client == 0
    sent, gates = 0, 0
    pending = nil       -- {kind, path, email} of the request waiting for its answer
    counts = {}         -- "kind status cache" -> answers
    timeline = {}       -- "decisecond kind status cache" -> answers
    accepted = {}       -- addresses answered 303
    refused = {}        -- "address status" of submissions answered anything else
    unanswered = {}     -- "kind path-or-address" of requests whose answer never came
    errors = {}         -- "status path" -> answers, for every answer >= 500
    samples = {}        -- status -> "kind path body…" of the first such answer
    first_at, last_at = nil, nil
end

function request()
    if probe then
        probe = false
        return wrk.format("GET", "/", {})
    end
    if pending then
        table.insert(unanswered, pending.kind .. " " .. (pending.email or pending.path))
    end
    first_at = first_at or now()
    sent = sent + 1
    if gate_every > 0 and sent % gate_every == 0 and gates < #stamps then
        gates = gates + 1
        local email = string.format("c%d-%d@%s", client, gates, domain)
        pending = { kind = "gate", path = gate_path, email = email }
        local body = string.format(
            "%s&stamp=%s&first_name=Client%d&last_name=Number%d&email=%s%s",
            form, stamps[gates], client, gates, string.gsub(email, "@", "%%40"),
            gates % 2 == 0 and "&newsletter=on" or ""
        )
        return wrk.format("POST", gate_path, gate_headers, body)
    end
    local path = paths[math.random(#paths)]
    pending = { kind = "read", path = path }
    if string.find(path, "{random}", 1, true) then
        path = string.gsub(path, "{random}", string.format("%x", math.random(0, 2 ^ 30)))
    end
    return wrk.format("GET", path, {})
end

local function bump(tally, key)
    tally[key] = (tally[key] or 0) + 1
end

function response(status, headers, body)
    local at = now()
    local cache = headers["X-Page-Cache"] or headers["x-page-cache"] or "-"
    local kind = pending and pending.kind or "read"
    bump(counts, string.format("%s %d %s", kind, status, cache))
    bump(timeline, string.format("%d %s %d %s", math.floor(at * 10), kind, status, cache))
    if pending and pending.email then
        if status == 303 then
            table.insert(accepted, pending.email)
        else
            table.insert(refused, pending.email .. " " .. status)
        end
    end
    local path = pending and pending.path or "?"
    if status >= 500 then
        bump(errors, status .. " " .. path)
    end
    if status >= 400 and not samples[status] then
        samples[status] = kind .. " " .. path .. " " .. string.sub(body or "", 1, 300)
    end
    pending = nil
    last_at = at
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
        for key, count in pairs(thread:get("counts")) do
            out:write(string.format("count %s %d\n", key, count))
        end
        for key, count in pairs(thread:get("timeline")) do
            out:write(string.format("time %s %d\n", key, count))
        end
        for _, email in ipairs(thread:get("accepted")) do
            out:write(string.format("accepted %s\n", email))
        end
        for _, entry in ipairs(thread:get("refused")) do
            out:write(string.format("refused %s\n", entry))
        end
        for _, entry in ipairs(thread:get("unanswered")) do
            out:write(string.format("unanswered %s\n", entry))
        end
        local last = thread:get("pending")
        if last then
            out:write(string.format("unanswered %s %s\n", last.kind, last.email or last.path))
        end
        for key, count in pairs(thread:get("errors")) do
            out:write(string.format("error %s %d\n", key, count))
        end
        for status, text in pairs(thread:get("samples")) do
            out:write(string.format("sample %d %s\n", status, string.gsub(text, "%s+", " ")))
        end
    end
    out:close()
end
