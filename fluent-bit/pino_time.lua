-- pino_time sets a pino (Node.js) record's event time from its "time": epoch
-- milliseconds, a number, as pino writes it by default. Fluent Bit's parsers read a
-- Time_Key as text with a strftime format, which has no field for milliseconds since
-- the epoch. Without it a tailed file is judged in the time Fluent Bit read it, and
-- the plugin's rates, bursts and silences mean nothing for a file read after the fact.
-- (pino with timestamp: pino.stdTimeFunctions.isoTime writes an ISO 8601 text, which a
-- parser reads: Time_Key time, Time_Format %Y-%m-%dT%H:%M:%S.%LZ.)
--
-- Use it with Time_as_Table On: a time of this century as one Lua number keeps only
-- about a quarter of a microsecond, and the plugin's incident ids hash the exact time.
-- A record without such a time passes unchanged.
function pino_time(tag, ts, record)
  local t = record["time"]
  if type(t) ~= "number" or t < 0 or t ~= math.floor(t) then
    return 0, ts, record
  end
  local sec = math.floor(t / 1000)
  return 1, { sec = sec, nsec = (t - sec * 1000) * 1000000 }, record
end
