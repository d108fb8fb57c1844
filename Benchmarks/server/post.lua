-- wrk script: POST each line of $PAGES (JSONL) once, in order, with the bearer token.
local lines = {}
for line in io.lines(os.getenv("PAGES")) do lines[#lines + 1] = line end
local i = 0
request = function()
  i = i + 1
  if i > #lines then i = 1 end
  return wrk.format("POST", "/v1/articles",
    {["Authorization"] = "Bearer " .. os.getenv("NEWSFOLD_TOKEN"), ["Content-Type"] = "application/json"},
    lines[i])
end
