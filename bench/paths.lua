-- wrk script: requests the paths listed in the file named by PATHS, cycling, a random start per thread.
local paths = {}
local i = 0
init = function(args)
  for line in io.lines(os.getenv("PATHS")) do paths[#paths + 1] = line end
  i = math.random(#paths)
end
request = function()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
