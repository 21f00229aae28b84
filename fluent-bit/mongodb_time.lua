-- mongodb_time sets a MongoDB structured log record's event time from its
-- "t": {"$date": "2024-05-07T11:05:03.220+00:00"} (timeStampFormat iso8601-local, the
-- default) or "...220Z" (iso8601-utc). Fluent Bit's parsers cannot read it: Time_Key
-- names a top-level field only. Without it a tailed file is judged in the time Fluent
-- Bit read it, and the plugin's rates, bursts and silences mean nothing.
--
-- Use it with Time_as_Table On: a time of this century as one Lua number keeps only
-- about a quarter of a microsecond, and the plugin's incident ids hash the exact time.
-- A record without such a time passes unchanged.

-- days_from_civil returns the days from 1970-01-01 to a date of the proleptic Gregorian
-- calendar (Howard Hinnant's algorithm): os.time reads a date in local time.
local function days_from_civil(y, m, d)
  if m <= 2 then y = y - 1 end
  local era = math.floor(y / 400)
  local yoe = y - era * 400
  local mp = (m + 9) % 12
  local doy = math.floor((153 * mp + 2) / 5) + d - 1
  local doe = yoe * 365 + math.floor(yoe / 4) - math.floor(yoe / 100) + doy
  return era * 146097 + doe - 719468
end

function mongodb_time(tag, ts, record)
  local t = record["t"]
  local date = type(t) == "table" and t["$date"]
  if type(date) ~= "string" then
    return 0, ts, record
  end
  local y, mo, d, h, mi, s, frac, zone = date:match("^(%d%d%d%d)-(%d%d)-(%d%d)T(%d%d):(%d%d):(%d%d)%.?(%d*)(.*)$")
  if not y then
    return 0, ts, record
  end
  local offset = 0
  if zone ~= "Z" then
    local sign, oh, om = zone:match("^([+-])(%d%d):?(%d%d)$")
    if not sign then
      return 0, ts, record
    end
    offset = tonumber(oh) * 3600 + tonumber(om) * 60
    if sign == "-" then offset = -offset end
  end
  local sec = days_from_civil(tonumber(y), tonumber(mo), tonumber(d)) * 86400
    + tonumber(h) * 3600 + tonumber(mi) * 60 + tonumber(s) - offset
  local nsec = 0
  if frac ~= "" then
    nsec = tonumber((frac .. "000000000"):sub(1, 9))
  end
  return 1, { sec = sec, nsec = nsec }, record
end
