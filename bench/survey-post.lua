-- wrk script for bench/survey.sh: POST the same valid answers on every
-- request (body, CSRF cookie and Origin from the environment) and count
-- the answers by status, summed over wrk's threads.
local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

function init(args)
   n303 = 0
   nother = 0
   wrk.method = "POST"
   wrk.body = os.getenv("BODY")
   wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   wrk.headers["Cookie"] = os.getenv("COOKIE")
   wrk.headers["Origin"] = os.getenv("ORIGIN")
end

function response(status, headers, body)
   if status == 303 then
      n303 = n303 + 1
   else
      nother = nother + 1
   end
end

function done(summary, latency, requests)
   local a, b = 0, 0
   for _, t in ipairs(threads) do
      a = a + t:get("n303")
      b = b + t:get("nother")
   end
   io.write(string.format("303: %d\nother: %d\n", a, b))
end
