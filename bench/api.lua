-- wrk script: POST a valid story with a fresh client_id each time.
local counter = 0
local template = io.open(os.getenv("BODY_FILE")):read("*a")
math.randomseed(os.time() + tonumber(tostring({}):sub(8), 16))
local function uuid4()
  return (string.gsub("xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx", "[xy]", function(c)
    local v = (c == "x") and math.random(0, 15) or math.random(8, 11)
    return string.format("%x", v)
  end))
end
request = function()
  counter = counter + 1
  local body = string.gsub(template, "__CLIENT_ID__", uuid4())
  return wrk.format("POST", os.getenv("TARGET_PATH"), {
    ["Content-Type"] = "application/json",
    ["Sec-Fetch-Site"] = "same-origin",
  }, body)
end
